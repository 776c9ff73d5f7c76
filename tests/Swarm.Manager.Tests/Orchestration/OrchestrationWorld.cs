using Swarm.Api.Objects;
using Swarm.Store;
using Swarm.Store.Transactions;
using Swarm.Testing;

namespace Swarm.Manager.Tests.Orchestration;

/// <summary>A real in-memory store plus the few writes the users and agents of the loops make.</summary>
internal sealed class OrchestrationWorld(TimeProvider? time = null)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    public MemoryStore Store { get; } = new(time: time);

    public IReadOnlyList<SwarmTask> Tasks(string serviceId) => Store.Snapshot().Tasks.ByService(serviceId).ToArray();

    /// <summary>Tasks desired to run (or to start after a delay): the ones that fill slots.</summary>
    public IReadOnlyList<SwarmTask> LiveTasks(string serviceId)
        => Tasks(serviceId).Where(t => t.DesiredState <= TaskState.Running).ToArray();

    public static ServiceSpec Replicated(string name, ulong replicas, RestartPolicy? restart = null) => new()
    {
        Name = name,
        Mode = new ServiceMode { Replicated = new ReplicatedMode { Replicas = replicas } },
        TaskTemplate = new TaskSpec { RestartPolicy = restart },
    };

    public static ServiceSpec Global(string name) => new() { Name = name, Mode = new ServiceMode { Global = true } };

    public async Task<string> CreateServiceAsync(ServiceSpec spec)
    {
        var id = Ids.New();
        await Store.UpdateAsync(tx => tx.Services.Create(new Service { Id = id, Spec = spec, SpecVersion = 1 }));
        return id;
    }

    public Task UpdateServiceAsync(string id, Func<ServiceSpec, ServiceSpec> change)
        => Store.UpdateAsync(tx =>
        {
            var service = tx.Services.Get(id)!;
            tx.Services.Update(service with { Spec = change(service.Spec), SpecVersion = service.SpecVersion + 1 });
        });

    /// <summary>What the API does on a service update: keeps the old spec for rollback, clears the update status.</summary>
    public Task UserUpdateAsync(string id, Func<ServiceSpec, ServiceSpec> change)
        => Store.UpdateAsync(tx =>
        {
            var service = tx.Services.Get(id)!;
            tx.Services.Update(service with
            {
                Spec = change(service.Spec),
                PreviousSpec = service.Spec,
                SpecVersion = service.SpecVersion + 1,
                UpdateStatus = null,
            });
        });

    public Task DeleteServiceAsync(string id) => Store.UpdateAsync(tx => tx.Services.Delete(id));

    public async Task<string> AddNodeAsync(NodeAvailability availability = NodeAvailability.Active)
    {
        var id = Ids.New();
        await Store.UpdateAsync(tx => tx.Nodes.Create(new Node
        {
            Id = id,
            Spec = new NodeSpec { Availability = availability },
            Status = new NodeStatus { State = NodeState.Ready },
        }));
        return id;
    }

    public Task SetAvailabilityAsync(string nodeId, NodeAvailability availability)
        => Store.UpdateAsync(tx =>
        {
            var node = tx.Nodes.Get(nodeId)!;
            tx.Nodes.Update(node with { Spec = node.Spec with { Availability = availability } });
        });

    /// <summary>What an agent does: reports a new observed state.</summary>
    public Task ReportAsync(string taskId, TaskState state)
        => Store.UpdateAsync(tx =>
        {
            var task = tx.Tasks.Get(taskId)!;
            tx.Tasks.Update(task with
            {
                Status = task.Status with { State = state, Timestamp = tx.Timestamp, Message = state.ToString() },
            });
        });

    public Task UntilAsync(Func<bool> condition, string what) => Eventually.TrueAsync(condition, Timeout, what);
}
