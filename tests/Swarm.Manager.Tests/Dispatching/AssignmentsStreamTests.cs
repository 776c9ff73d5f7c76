using Grpc.Core;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Kind = Swarm.Api.Dispatch.AssignmentChange.Types.Kind;
using Action = Swarm.Api.Dispatch.AssignmentChange.Types.Action;

namespace Swarm.Manager.Tests.Dispatching;

/// <summary>The assignments stream and batched status updates, over real gRPC.</summary>
public sealed class AssignmentsStreamTests
{
    [Fact]
    public async Task Assignments_CompleteThenIncremental_TasksOfThisNodeOnly()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("worker-1");
        var session = (await node.RegisterAsync()).SessionId;
        var first = await world.AssignAsync("worker-1");
        await world.AssignAsync("worker-2");
        using var cancel = new CancellationTokenSource();
        using var call = node.Assignments(session, cancel.Token);

        var complete = await call.NextAsync();
        var second = await world.AssignAsync("worker-1");
        var incremental = await call.NextAsync();

        Assert.Equal(AssignmentsMessage.Types.Type.Complete, complete.Type);
        Assert.Equal([first.Id], complete.Changes.Select(c => c.Id));
        Assert.Equal(AssignmentsMessage.Types.Type.Incremental, incremental.Type);
        var change = Assert.Single(incremental.Changes);
        Assert.Equal((Action.Update, Kind.Task, second.Id), (change.Action, change.Kind, change.Id));
        Assert.Equal(TaskState.Running, DispatchPayload.Decode<SwarmTask>(change.Payload).DesiredState);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task Assignments_TaskStoppedAndNoLongerWanted_Removed()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("worker-1");
        var session = (await node.RegisterAsync()).SessionId;
        var task = await world.AssignAsync("worker-1");
        using var cancel = new CancellationTokenSource();
        using var call = node.Assignments(session, cancel.Token);
        await call.NextAsync();

        await world.Store.UpdateAsync(tx =>
        {
            var t = tx.Tasks.Get(task.Id)!;
            tx.Tasks.Update(t with { DesiredState = TaskState.Shutdown });
        });
        var desiredShutdown = await call.UntilAsync(c => c.Id == task.Id);
        await node.ReportAsync(session, (task.Id, TaskState.Shutdown));
        var removed = await call.UntilAsync(c => c.Id == task.Id);

        Assert.Equal(TaskState.Shutdown, DispatchPayload.Decode<SwarmTask>(desiredShutdown.Payload).DesiredState);
        Assert.Equal(Action.Remove, removed.Action);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task Assignments_Secret_SentOnlyToNodeRunningATaskThatUsesIt()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var secret = new Secret { Id = Ids.New(), Spec = new SecretSpec { Name = "db-password", Data = [1, 2, 3] } };
        await world.Store.UpdateAsync(tx => tx.Secrets.Create(secret));
        var user = world.Connect("user");
        var other = world.Connect("other");
        var userSession = (await user.RegisterAsync()).SessionId;
        var otherSession = (await other.RegisterAsync()).SessionId;
        await world.AssignAsync("user", [new FileReference { ObjectId = secret.Id, ObjectName = "db-password", FileName = "db-password" }]);
        var plain = await world.AssignAsync("other");
        using var cancel = new CancellationTokenSource();
        using var userCall = user.Assignments(userSession, cancel.Token);
        using var otherCall = other.Assignments(otherSession, cancel.Token);

        var userSet = await userCall.NextAsync();
        var otherSet = await otherCall.NextAsync();

        var sent = Assert.Single(userSet.Changes, c => c.Kind == Kind.Secret);
        Assert.Equal([1, 2, 3], DispatchPayload.Decode<Secret>(sent.Payload).Spec.Data);
        Assert.Equal(0, userSet.Changes.ToList().FindIndex(c => c.Kind == Kind.Secret));
        Assert.Equal([(Kind.Task, plain.Id)], otherSet.Changes.Select(c => (c.Kind, c.Id)));
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task Assignments_StatusOnlyChange_NotSentAgain()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("worker-1");
        var session = (await node.RegisterAsync()).SessionId;
        var task = await world.AssignAsync("worker-1");
        using var cancel = new CancellationTokenSource();
        using var call = node.Assignments(session, cancel.Token);
        await call.NextAsync();

        await node.ReportAsync(session, (task.Id, TaskState.Running));
        var marker = await world.AssignAsync("worker-1");
        var next = await call.NextAsync();

        Assert.Equal([marker.Id], next.Changes.Select(c => c.Id));
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task Assignments_SessionReplacedByNewRegistration_OldStreamEndsNotFound()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("worker-1");
        var session = (await node.RegisterAsync()).SessionId;
        using var cancel = new CancellationTokenSource();
        using var call = node.Assignments(session, cancel.Token);
        await call.NextAsync();

        await node.RegisterAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.NextAsync());

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Assignments_LeadershipLost_StreamEndsUnavailable()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("worker-1");
        var session = (await node.RegisterAsync()).SessionId;
        using var cancel = new CancellationTokenSource();
        using var call = node.Assignments(session, cancel.Token);
        await call.NextAsync();

        world.Leadership.Depose();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.NextAsync());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task UpdateTaskStatus_ForwardApplied_StaleAndForeignIgnored()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("worker-1");
        var session = (await node.RegisterAsync()).SessionId;
        var mine = await world.AssignAsync("worker-1");
        var theirs = await world.AssignAsync("worker-2");

        await node.ReportAsync(session, (mine.Id, TaskState.Running), (theirs.Id, TaskState.Running));
        await node.ReportAsync(session, (mine.Id, TaskState.Preparing));

        Assert.Equal(TaskState.Running, world.Task(mine.Id)!.Status.State);
        Assert.Equal(TaskState.Assigned, world.Task(theirs.Id)!.Status.State);
    }

    [Fact]
    public async Task UpdateTaskStatus_UnknownSession_FailsNotFound()
    {
        await using var world = await DispatcherWorld.StartAsync();
        var node = world.Connect("worker-1");
        await node.RegisterAsync();
        var task = await world.AssignAsync("worker-1");

        var error = await Assert.ThrowsAsync<RpcException>(() => node.ReportAsync("stale", (task.Id, TaskState.Running)));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(TaskState.Assigned, world.Task(task.Id)!.Status.State);
    }

    [Fact]
    public async Task Assignments_PeerJoinsNetworkThisNodeUses_PeersSentIncrementally()
    {
        await using var world = await DispatcherWorld.StartAsync();
        await world.Store.UpdateAsync(tx => tx.Networks.Create(new Network { Id = "net-1", Spec = new NetworkSpec { Name = "backend" } }));
        var node = world.Connect("worker-1");
        var peer = world.Connect("worker-2");
        var session = (await node.RegisterAsync()).SessionId;
        await peer.RegisterAsync(addr: "192.0.2.2");
        await world.Store.UpdateAsync(tx => tx.Tasks.Create(OnNetwork("worker-1", "net-1")));
        using var cancel = new CancellationTokenSource();
        using var call = node.Assignments(session, cancel.Token);
        var complete = await call.NextAsync();

        await world.Store.UpdateAsync(tx => tx.Tasks.Create(OnNetwork("worker-2", "net-1")));
        var peers = await call.UntilAsync(c => c.Kind == Kind.NetworkPeers);

        Assert.Contains(complete.Changes, c => c.Kind == Kind.Network && c.Id == "net-1");
        Assert.Equal([("worker-2", "192.0.2.2")], NetworkPeers.Parser.ParseFrom(peers.Payload).Peers.Select(p => (p.NodeId, p.Addr)));
        await cancel.CancelAsync();
    }

    private static SwarmTask OnNetwork(string nodeId, string networkId) => new()
    {
        Id = Ids.New(),
        ServiceId = "svc",
        NodeId = nodeId,
        DesiredState = TaskState.Running,
        Status = new SwarmTaskStatus { State = TaskState.Assigned },
        Networks = [new NetworkAttachment { NetworkId = networkId }],
    };
}
