using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Allocation;
using Swarm.Store.Transactions;

namespace Swarm.Manager.Allocation;

public sealed partial class AllocatorLoop
{
    /// <summary>
    /// One round: networks first (services and tasks attach to them), then service endpoints (tasks copy them), then
    /// up to <see cref="MaxTasksPerRound"/> tasks. Allocation happens in memory before each write; a write that
    /// throws ends the round and the caller rebuilds the state.
    /// </summary>
    private async Task RoundAsync(NetworkAllocationState state, AllocatorWork work, CancellationToken cancellationToken)
    {
        foreach (var id in work.Networks.ToArray())
        {
            await AllocateNetworkAsync(state, id, cancellationToken);
            work.Networks.Remove(id);
        }
        foreach (var id in work.Services.ToArray())
        {
            await AllocateServiceAsync(state, work, id, cancellationToken);
            work.Services.Remove(id);
        }
        var round = work.Tasks.Take(MaxTasksPerRound).ToArray();
        await AllocateTasksAsync(state, work, round, cancellationToken);
        work.Tasks.ExceptWith(round);
    }

    private async Task AllocateNetworkAsync(NetworkAllocationState state, string id, CancellationToken cancellationToken)
    {
        if (store.Snapshot().Networks.Get(id) is not { Ipam: null } network)
            return;
        Network allocated;
        try
        {
            allocated = state.AllocateNetwork(network);
        }
        catch (Exception error) when (error is SwarmException)
        {
            Log.NetworkFailed(logger, network.Spec.Name, error.Message);
            return;
        }
        await store.UpdateAsync(tx => tx.Networks.Update(allocated), cancellationToken);
        Log.NetworkAllocated(logger, network.Spec.Name, string.Join(",", allocated.Ipam!.Configs.Select(c => c.Subnet)));
    }

    private async Task AllocateServiceAsync(
        NetworkAllocationState state, AllocatorWork work, string id, CancellationToken cancellationToken)
    {
        if (store.Snapshot().Services.Get(id) is not { } service)
            return;
        Service allocated;
        try
        {
            allocated = state.AllocateService(service);
        }
        catch (Exception error) when (error is SwarmException)
        {
            if (work.ServiceFailures.TryAdd(id, error.Message))
                Log.ServiceFailed(logger, service.Spec.Name, error.Message);
            return;
        }
        if (work.ServiceFailures.Remove(id))
            work.RetryFailed();
        if (EndpointComparer.Same(service.Endpoint, allocated.Endpoint))
            return;
        await store.UpdateAsync(tx => tx.Services.Update(allocated), cancellationToken);
        // Tasks created before the endpoint existed waited for it.
        work.RetryFailed();
    }

    /// <summary>
    /// Allocates each task in memory, then writes them in bounded transactions. A task that changed meanwhile is
    /// skipped and its fresh addresses go back to the pool.
    /// </summary>
    private async Task AllocateTasksAsync(
        NetworkAllocationState state, AllocatorWork work, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var snapshot = store.Snapshot();
        var now = time.GetUtcNow();
        var writes = new List<(SwarmTask Read, SwarmTask Write, bool Allocated)>();
        foreach (var id in ids)
        {
            if (snapshot.Tasks.Get(id) is not { } task || !TaskAllocation.NeedsAllocation(task))
                continue;
            var service = task.ServiceId.Length > 0 ? snapshot.Services.Get(task.ServiceId) : null;
            var reason = WaitReason(work, service);
            if (reason is null)
            {
                try
                {
                    writes.Add((task, TaskAllocation.Pending(state.AllocateTask(task, service), now), true));
                    continue;
                }
                catch (Exception error) when (error is SwarmException)
                {
                    reason = error.Message;
                }
            }
            work.FailedTasks.Add(id);
            if (task.Status.Err != reason)
                writes.Add((task, TaskAllocation.Waiting(task, reason, now), false));
        }
        if (writes.Count == 0)
            return;

        var written = new Dictionary<string, bool>(StringComparer.Ordinal);
        try
        {
            await store.BatchAsync(async batch =>
            {
                foreach (var (read, write, _) in writes)
                {
                    // The batch may run a callback twice (once rolled back): the last run's answer counts.
                    await batch.UpdateAsync(tx =>
                        written[read.Id] = tx.Tasks.Get(read.Id) is { } current
                            && current.Meta.Version == read.Meta.Version
                            && Write(tx, write));
                }
            }, ManagerLoops.PipelinedCommits, cancellationToken);
        }
        finally
        {
            foreach (var (read, write, allocated) in writes)
            {
                if (allocated && !written.GetValueOrDefault(read.Id))
                    state.ReleaseTask(FreshAddresses(read, write));
            }
        }
        var count = writes.Count(w => w.Allocated && written.GetValueOrDefault(w.Read.Id));
        if (count > 0)
            Log.Allocated(logger, count);
    }

    private static bool Write(WriteTransaction tx, SwarmTask task)
    {
        tx.Tasks.Update(task);
        return true;
    }

    /// <summary>Why the service's tasks must wait, or null: its endpoint failed, or is not allocated yet.</summary>
    private static string? WaitReason(AllocatorWork work, Service? service)
    {
        if (service is null)
            return null;
        if (work.ServiceFailures.TryGetValue(service.Id, out var failure))
            return failure;
        return service.Endpoint is null && NeedsEndpoint(service) ? "waiting for the service's endpoint" : null;
    }

    /// <summary>Published ports (the ingress network) or networks of its own: VIPs and ports to allocate first.</summary>
    private static bool NeedsEndpoint(Service service)
        => service.Spec.EndpointSpec is { Ports.Count: > 0 } || service.Spec.TaskTemplate.Networks.Count > 0;

    /// <summary>The attachments of <paramref name="allocated"/> the task did not already hold when read.</summary>
    private static SwarmTask FreshAddresses(SwarmTask read, SwarmTask allocated) => allocated with
    {
        Networks = allocated.Networks
            .Where(a => !read.Networks.Any(r => r.NetworkId == a.NetworkId && r.Addresses.SequenceEqual(a.Addresses)))
            .ToArray(),
    };
}
