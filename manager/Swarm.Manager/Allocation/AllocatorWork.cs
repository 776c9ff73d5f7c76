using Swarm.Api.Objects;
using Swarm.Store.Transactions;

namespace Swarm.Manager.Allocation;

/// <summary>
/// What the allocator still has to look at, by id (each object is re-read when written), plus the tasks that could
/// not be allocated (no free address, unknown network): they are retried once something is freed or added.
/// </summary>
internal sealed class AllocatorWork
{
    public HashSet<string> Networks { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Services { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Tasks { get; } = new(StringComparer.Ordinal);
    public HashSet<string> FailedTasks { get; } = new(StringComparer.Ordinal);

    /// <summary>Services whose endpoint could not be allocated, with why: their tasks wait and say so.</summary>
    public Dictionary<string, string> ServiceFailures { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Networks.Count == 0 && Services.Count == 0 && Tasks.Count == 0;

    public static AllocatorWork From(ReadTransaction snapshot)
    {
        var work = new AllocatorWork();
        work.Reset(snapshot);
        return work;
    }

    /// <summary>Everything in the store that may need allocating (services are cheap to check again).</summary>
    public void Reset(ReadTransaction snapshot)
    {
        Networks.Clear();
        Services.Clear();
        Tasks.Clear();
        FailedTasks.Clear();
        ServiceFailures.Clear();
        Networks.UnionWith(snapshot.Networks.All().Where(n => n.Ipam is null).Select(n => n.Id));
        Services.UnionWith(snapshot.Services.All().Select(s => s.Id));
        Tasks.UnionWith(snapshot.Tasks.All().Where(TaskAllocation.NeedsAllocation).Select(t => t.Id));
    }

    /// <summary>Something was freed or added: services and tasks that failed get another try.</summary>
    public void RetryFailed()
    {
        Services.UnionWith(ServiceFailures.Keys);
        Tasks.UnionWith(FailedTasks);
        FailedTasks.Clear();
    }
}
