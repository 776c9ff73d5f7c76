using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Objects;
using Swarm.Manager.Allocation;
using Swarm.Manager.Planning.Allocation;
using Swarm.Manager.Tests.Scheduling;
using Swarm.Store;
using Swarm.Store.Transactions;
using Swarm.Testing;

namespace Swarm.Manager.Tests.Allocation;

/// <summary>Networks, service endpoints and task addresses, allocated by the loop over a real store.</summary>
public sealed class AllocatorLoopNetworkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static RunningLoops Start(MemoryStore store)
        => new RunningLoops().Start(new AllocatorLoop(store, TimeProvider.System, NullLogger<AllocatorLoop>.Instance).RunAsync);

    private static Task AddNetworkAsync(MemoryStore store, string id, string name, string? subnet = null)
        => store.UpdateAsync(tx => tx.Networks.Create(new Network
        {
            Id = id,
            Spec = new NetworkSpec { Name = name, IpamConfigs = subnet is null ? [] : [new IpamConfig { Subnet = subnet }] },
        }));

    private static Task AddServiceAsync(MemoryStore store, string id, string name, string? network = null, uint published = 0)
        => store.UpdateAsync(tx => tx.Services.Create(new Service
        {
            Id = id,
            SpecVersion = 1,
            Spec = new ServiceSpec
            {
                Name = name,
                TaskTemplate = new TaskSpec { Networks = network is null ? [] : [new NetworkAttachmentConfig { Target = network }] },
                EndpointSpec = published == 0 && network is null
                    ? null
                    : new EndpointSpec { Ports = published == 0 ? [] : [new PortConfig { TargetPort = 80, PublishedPort = published }] },
            },
        }));

    private static Task AddTasksAsync(MemoryStore store, string serviceId, int count, string? network = null)
        => store.UpdateAsync(tx =>
        {
            for (var i = 0; i < count; i++)
            {
                tx.Tasks.Create(new SwarmTask
                {
                    Id = Ids.New(),
                    ServiceId = serviceId,
                    Slot = (ulong)i + 1,
                    DesiredState = TaskState.Running,
                    Spec = new TaskSpec { Networks = network is null ? [] : [new NetworkAttachmentConfig { Target = network }] },
                });
            }
        });

    private static SwarmTask[] TasksOf(MemoryStore store, string serviceId) => store.Snapshot().Tasks.ByService(serviceId).ToArray();

    [Fact]
    public async Task Network_GetsASubnetFromTheDefaultPoolAndAVni()
    {
        var store = new MemoryStore();
        await using var loop = Start(store);

        await AddNetworkAsync(store, "n1", "backend");
        await AddNetworkAsync(store, "n2", "frontend", subnet: "192.168.50.0/24");

        await Eventually.TrueAsync(() => store.Snapshot().Networks.All().All(n => n.Ipam is not null), Timeout, "networks allocated");
        var backend = store.Snapshot().Networks.Get("n1")!;
        var frontend = store.Snapshot().Networks.Get("n2")!;
        Assert.Equal("10.0.0.0/24", backend.Ipam!.Configs.Single().Subnet);
        Assert.Equal("192.168.50.0/24", frontend.Ipam!.Configs.Single().Subnet);
        var vnis = new[] { backend, frontend }.Select(n => n.DriverState!.Options[NetworkAllocationState.VniOption]).ToArray();
        Assert.Equal(["4096", "4097"], vnis.Order());
    }

    [Fact]
    public async Task Service_WithNetworkAndPublishedPort_GetsVipsAndItsTasksGetAddresses()
    {
        var store = new MemoryStore();
        await using var loop = Start(store);
        await store.UpdateAsync(tx => tx.Networks.Create(IngressNetwork.New("ing")));
        await AddNetworkAsync(store, "n1", "backend");

        await AddServiceAsync(store, "s1", "web", network: "backend", published: 8080);
        await AddTasksAsync(store, "s1", 3, network: "backend");

        await Eventually.TrueAsync(() => TasksOf(store, "s1").All(t => t.Status.State == TaskState.Pending), Timeout, "tasks pending");
        var service = store.Snapshot().Services.Get("s1")!;
        Assert.Equal(8080u, service.Endpoint!.Ports.Single().PublishedPort);
        Assert.Equal(["ing", "n1"], service.Endpoint.VirtualIps.Select(v => v.NetworkId).Order());
        foreach (var task in TasksOf(store, "s1"))
        {
            Assert.Equal(["ing", "n1"], task.Networks.Select(a => a.NetworkId).Order());
            Assert.True(EndpointComparer.Same(service.Endpoint, task.Endpoint));
        }
        var addresses = TasksOf(store, "s1").SelectMany(t => t.Networks).SelectMany(a => a.Addresses)
            .Concat(service.Endpoint.VirtualIps.Select(v => v.Addr)).ToArray();
        Assert.Equal(addresses.Length, addresses.Distinct().Count());
    }

    [Fact]
    public async Task PublishedPortConflict_TasksWaitWithTheReason_UntilThePortIsFreed()
    {
        var store = new MemoryStore();
        await using var loop = Start(store);
        await store.UpdateAsync(tx => tx.Networks.Create(IngressNetwork.New("ing")));
        await AddServiceAsync(store, "s1", "first", published: 8080);
        await Eventually.TrueAsync(() => store.Snapshot().Services.Get("s1")!.Endpoint is not null, Timeout, "first allocated");

        await AddServiceAsync(store, "s2", "second", published: 8080);
        await AddTasksAsync(store, "s2", 1);

        await Eventually.TrueAsync(() => TasksOf(store, "s2").Single().Status.Err is not null, Timeout, "the task says why it waits");
        var waiting = TasksOf(store, "s2").Single();
        Assert.Equal(TaskState.New, waiting.Status.State);
        Assert.Contains("port '8080' is already in use by service 'first'", waiting.Status.Message, StringComparison.Ordinal);

        await store.UpdateAsync(tx => tx.Services.Delete("s1"));

        await Eventually.TrueAsync(() => TasksOf(store, "s2").Single().Status.State == TaskState.Pending, Timeout, "the task allocated");
        Assert.Equal(8080u, store.Snapshot().Services.Get("s2")!.Endpoint!.Ports.Single().PublishedPort);
    }

    [Fact]
    public async Task FullSubnet_TaskWaits_AndGetsTheAddressOfAStoppedTask()
    {
        var store = new MemoryStore();
        await using var loop = Start(store);
        // A /29 holds 5 task addresses (network, broadcast and gateway are not handed out).
        await AddNetworkAsync(store, "n1", "tiny", subnet: "10.9.0.0/29");
        await AddTasksAsync(store, "", 6, network: "tiny");

        await Eventually.TrueAsync(
            () => store.AllTasks().Count(t => t.Status.State == TaskState.Pending) == 5
                  && store.AllTasks().Any(t => t.Status.Err is not null),
            Timeout, "5 allocated, 1 waiting");
        var waiting = store.AllTasks().Single(t => t.Status.State == TaskState.New);
        Assert.Contains("no available IPv4 addresses", waiting.Status.Message, StringComparison.Ordinal);

        var stopped = store.AllTasks().First(t => t.Status.State == TaskState.Pending);
        await store.UpdateAsync(tx => tx.Tasks.Update(stopped with { Status = stopped.Status with { State = TaskState.Failed } }));

        await Eventually.TrueAsync(() => store.Snapshot().Tasks.Get(waiting.Id)!.Status.State == TaskState.Pending, Timeout, "the waiting task allocated");
        Assert.Equal(stopped.Networks.Single().Addresses, store.Snapshot().Tasks.Get(waiting.Id)!.Networks.Single().Addresses);
    }

    [Fact]
    public async Task NewLeader_RebuildsFromTheStore_AndNeverHandsOutAnAddressTwice()
    {
        var store = new MemoryStore();
        await AddNetworkAsync(store, "n1", "backend");
        await using (Start(store))
        {
            await AddTasksAsync(store, "", 3, network: "backend");
            await Eventually.TrueAsync(() => store.AllTasks().All(t => t.Status.State == TaskState.Pending), Timeout, "first tasks");
        }

        await using var second = Start(store);
        await AddTasksAsync(store, "", 3, network: "backend");

        await Eventually.TrueAsync(() => store.AllTasks().Count(t => t.Status.State == TaskState.Pending) == 6, Timeout, "all tasks");
        var addresses = store.AllTasks().SelectMany(t => t.Networks).SelectMany(a => a.Addresses).ToArray();
        Assert.Equal(6, addresses.Distinct().Count());
        Assert.Equal("10.0.0.0/24", store.Snapshot().Networks.Get("n1")!.Ipam!.Configs.Single().Subnet);
    }
}
