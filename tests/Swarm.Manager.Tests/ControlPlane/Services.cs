using Swarm.Api.Objects;
using Swarm.Store;

namespace Swarm.Manager.Tests.ControlPlane;

/// <summary>Service specs and store reads the control-plane tests share.</summary>
internal static class Services
{
    /// <summary>Restart delay 0 so replacements start at once; tests measure behaviour, not Swarm's default pacing.</summary>
    public static readonly RestartPolicy NoDelay = new() { Delay = TimeSpan.Zero };

    public static Service Replicated(string name, ulong replicas, IReadOnlyList<string>? env = null) => New(
        name, new ServiceMode { Replicated = new ReplicatedMode { Replicas = replicas } }, env);

    public static Service Global(string name) => New(name, new ServiceMode { Global = true }, null);

    private static Service New(string name, ServiceMode mode, IReadOnlyList<string>? env) => new()
    {
        Id = Ids.New(),
        SpecVersion = 1,
        Spec = new ServiceSpec
        {
            Name = name,
            Mode = mode,
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new ContainerSpec { Image = "fake/app:1", Env = env ?? [] },
                RestartPolicy = NoDelay,
            },
        },
    };

    public static async Task ScaleAsync(this MemoryStore store, string serviceId, ulong replicas)
        => await store.UpdateAsync(tx =>
        {
            var service = tx.Services.Get(serviceId)!;
            tx.Services.Update(service with
            {
                SpecVersion = service.SpecVersion,
                Spec = service.Spec with { Mode = new ServiceMode { Replicated = new ReplicatedMode { Replicas = replicas } } },
            });
        });

    /// <summary>Tasks the managers want running for the service.</summary>
    public static List<SwarmTask> LiveTasks(this MemoryStore store, string serviceId)
        => store.Snapshot().Tasks.ByServiceId(serviceId).Where(t => t.DesiredState <= TaskState.Running).ToList();

    private static IEnumerable<SwarmTask> ByServiceId(this Swarm.Store.Transactions.ReadTable<SwarmTask> tasks, string serviceId)
        => tasks.All().Where(t => t.ServiceId == serviceId);
}
