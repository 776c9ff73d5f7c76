using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>The four service modes; a spec with no mode set is replicated with one replica.</summary>
internal enum ServiceKind { Replicated, Global, ReplicatedJob, GlobalJob }

internal static class ServiceKindExtensions
{
    public static ServiceKind Kind(this Service service)
    {
        var mode = service.Spec.Mode;
        if (mode.Global) return ServiceKind.Global;
        if (mode.GlobalJob) return ServiceKind.GlobalJob;
        if (mode.ReplicatedJob is not null) return ServiceKind.ReplicatedJob;
        return ServiceKind.Replicated;
    }

    public static bool IsJob(this ServiceKind kind) => kind is ServiceKind.ReplicatedJob or ServiceKind.GlobalJob;

    public static bool IsGlobal(this ServiceKind kind) => kind is ServiceKind.Global or ServiceKind.GlobalJob;

    /// <summary>The desired state a started task of this kind gets: jobs run to completion.</summary>
    public static TaskState RunState(this ServiceKind kind) => kind.IsJob() ? TaskState.Complete : TaskState.Running;

    /// <summary>
    /// The job iteration new tasks belong to. SwarmKit keeps a separate JobStatus.JobIteration bumped on every spec
    /// update of a job; our SpecVersion is bumped on exactly the same writes, so it serves as the iteration.
    /// </summary>
    public static ulong JobIteration(this Service service) => service.Kind().IsJob() ? service.SpecVersion : 0;

    public static IReadOnlyList<string> Constraints(this Service service)
        => service.Spec.TaskTemplate.Placement?.Constraints ?? [];
}
