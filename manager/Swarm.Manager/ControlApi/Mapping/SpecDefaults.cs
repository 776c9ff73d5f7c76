using Swarm.Api.Objects;

namespace Swarm.Manager.ControlApi.Mapping;

/// <summary>
/// <c>?insertDefaults=true</c>: the spec with Swarm's defaults written in where the user left fields out
/// (restart policy, stop grace period, update and rollback configs), as <c>docker service inspect</c> asks.
/// </summary>
internal static class SpecDefaults
{
    public static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(10);

    public static ServiceSpec Fill(ServiceSpec spec) => spec with
    {
        TaskTemplate = spec.TaskTemplate with
        {
            RestartPolicy = spec.TaskTemplate.RestartPolicy ?? new RestartPolicy(),
            ContainerSpec = spec.TaskTemplate.ContainerSpec with
            {
                StopGracePeriod = spec.TaskTemplate.ContainerSpec.StopGracePeriod ?? StopGracePeriod,
            },
        },
        UpdateConfig = spec.UpdateConfig ?? new UpdateConfig(),
        RollbackConfig = spec.RollbackConfig ?? new UpdateConfig(),
    };
}
