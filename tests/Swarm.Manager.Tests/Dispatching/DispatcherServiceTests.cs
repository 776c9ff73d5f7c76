using Grpc.Core;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.Dispatching;
using Swarm.Testing;
using Swarm.Testing.Security;

namespace Swarm.Manager.Tests.Dispatching;

/// <summary>Registration, heartbeats and liveness, over real gRPC with mutual TLS.</summary>
public sealed class DispatcherServiceTests
{
    [Fact]
    public async Task Register_NewNode_CreatesReadyNodeWithDescriptionAndRoleFromCertificate()
    {
        await using var world = await DispatcherWorld.StartAsync(TimeSpan.FromSeconds(2));
        var node = world.Connect("worker-1");

        var registered = await node.RegisterAsync("host-a", "192.0.2.7");

        Assert.Equal("worker-1", registered.NodeId);
        Assert.NotEmpty(registered.SessionId);
        Assert.InRange(registered.HeartbeatPeriodMs, 2000, 2200); // the cluster's 2 s plus up to a tenth of jitter
        var stored = world.Node("worker-1")!;
        Assert.Equal(NodeState.Ready, stored.Status.State);
        Assert.Equal("192.0.2.7", stored.Status.Addr);
        Assert.Equal("host-a", stored.Description!.Hostname);
        Assert.Equal(NodeRole.Worker, stored.Role);
    }

    [Fact]
    public async Task Heartbeat_PeriodsHandedOut_AreJittered_WithinATenthAboveTheClusters()
    {
        await using var world = await DispatcherWorld.StartAsync(TimeSpan.FromSeconds(2));
        var node = world.Connect("worker-1");
        var registered = await node.RegisterAsync();

        var periods = new List<long> { registered.HeartbeatPeriodMs };
        for (var i = 0; i < 10; i++)
            periods.Add((await node.HeartbeatAsync(registered.SessionId)).HeartbeatPeriodMs);

        Assert.All(periods, p => Assert.InRange(p, 2000, 2200));
        Assert.True(periods.Distinct().Count() > 1, $"all periods equal: {string.Join(", ", periods)}");
    }

    [Fact]
    public async Task Heartbeat_UnknownSession_FailsNotFound()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("worker-1");
        await node.RegisterAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => node.HeartbeatAsync("no-such-session"));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Heartbeat_SessionOfAnotherNode_FailsNotFound()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var owner = world.Connect("worker-1");
        var thief = world.Connect("worker-2");
        var session = (await owner.RegisterAsync()).SessionId;
        await thief.RegisterAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => thief.HeartbeatAsync(session));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task MissedHeartbeats_NodeMarkedDown_BeatingNodeStaysReady()
    {
        // 500 ms (deadline 1.5 s): with 200 ms one slow beat on a loaded 2-core machine marked the beating node DOWN.
        await using var world = await DispatcherWorld.StartAsync(TimeSpan.FromMilliseconds(500));
        var silent = world.Connect("silent");
        var beating = world.Connect("beating");
        await silent.RegisterAsync();
        var session = (await beating.RegisterAsync()).SessionId;
        using var stop = new CancellationTokenSource();
        var beats = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await beating.HeartbeatAsync(session);
                await Task.Delay(100, CancellationToken.None);
            }
        });
        try
        {
            await Eventually.TrueAsync(() => world.Node("silent")?.Status.State == NodeState.Down, StreamReading.Patience, "silent node DOWN");
            Assert.Equal(HeartbeatWatchdog.DownMessage, world.Node("silent")!.Status.Message);
            Assert.Equal(NodeState.Ready, world.Node("beating")!.Status.State);
        }
        finally
        {
            await stop.CancelAsync();
            await beats.WaitAsync(StreamReading.Patience);
        }
    }

    [Fact]
    public async Task Register_AfterMarkedDown_NodeReadyAgain()
    {
        await using var world = await DispatcherWorld.StartAsync(TimeSpan.FromMilliseconds(100));
        var node = world.Connect("worker-1");
        await node.RegisterAsync();
        await Eventually.TrueAsync(() => world.Node("worker-1")?.Status.State == NodeState.Down, StreamReading.Patience, "node DOWN");

        var old = await Assert.ThrowsAsync<RpcException>(() => node.HeartbeatAsync("stale"));
        await node.RegisterAsync();

        Assert.Equal(StatusCode.NotFound, old.StatusCode);
        Assert.Equal(NodeState.Ready, world.Node("worker-1")!.Status.State);
    }

    [Fact]
    public async Task Call_NotLeader_FailsUnavailable()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("worker-1");
        world.Leadership.Depose();

        var error = await Assert.ThrowsAsync<RpcException>(() => node.RegisterAsync());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task RemovedNode_IsRefused_ThoughItsCertificateIsValid()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("worker-1");
        var session = await node.RegisterAsync();
        await world.Store.UpdateAsync(tx =>
        {
            tx.Nodes.Delete("worker-1");
            var cluster = tx.Clusters.All().Single();
            tx.Clusters.Update(cluster with { RemovedNodes = Swarm.Manager.Membership.RemovedNodes.With(cluster, "worker-1", DateTimeOffset.UtcNow) });
        });

        var heartbeat = await Assert.ThrowsAsync<RpcException>(() => node.HeartbeatAsync(session.SessionId));
        var register = await Assert.ThrowsAsync<RpcException>(() => node.RegisterAsync());

        Assert.Equal(StatusCode.PermissionDenied, heartbeat.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, register.StatusCode);
        Assert.Contains("was removed from the swarm", register.Status.Detail, StringComparison.Ordinal);
        Assert.Null(world.Node("worker-1"));
    }

    [Fact]
    public async Task Call_CertificateWithUnknownRole_IsRefused()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("intruder", role: "swarm-admin");

        await Assert.ThrowsAsync<RpcException>(() => node.RegisterAsync());

        Assert.Null(world.Node("intruder"));
    }

    [Fact]
    public async Task Call_CertificateFromAnotherCa_IsRefused()
    {
        await using var world = await DispatcherWorld.StartAsync();
        using var other = new ThrowawayCa("other-ca");
        var node = world.Connect("worker-1", issuer: other);

        await Assert.ThrowsAsync<RpcException>(() => node.RegisterAsync());

        Assert.Null(world.Node("worker-1"));
    }

    [Fact]
    public async Task Register_ManagerCertificate_AllowedAndRecordedAsManager()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("manager-2", DispatchProtocol.ManagerRole);

        await node.RegisterAsync();

        Assert.Equal(NodeRole.Manager, world.Node("manager-2")!.Role);
    }

    [Fact]
    public async Task NewTerm_ReadyNodeThatNeverReconnects_MarkedDownAfterGrace()
    {
        await using var world = await DispatcherWorld.StartAsync(TimeSpan.FromMilliseconds(100));
        var returning = world.Connect("returning");
        await world.Store.UpdateAsync(tx => tx.Nodes.Create(new Node { Id = "vanished", Status = new NodeStatus { State = NodeState.Ready } }));

        // A new term: every node the store knows as READY gets a grace period to find this leader.
        world.Leadership.Depose();
        world.Leadership.Elect();
        var session = await Eventually.GetAsync(async () =>
        {
            try
            {
                return (await returning.RegisterAsync()).SessionId;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                return null;
            }
        }, StreamReading.Patience, "the new term to serve");
        using var stop = new CancellationTokenSource();
        var beats = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await returning.HeartbeatAsync(session);
                await Task.Delay(50, CancellationToken.None);
            }
        });
        try
        {
            await Eventually.TrueAsync(() => world.Node("vanished")?.Status.State == NodeState.Down, StreamReading.Patience, "vanished node DOWN");
            Assert.Equal(NodeState.Ready, world.Node("returning")!.Status.State);
        }
        finally
        {
            await stop.CancelAsync();
            await beats.WaitAsync(StreamReading.Patience);
        }
    }
}
