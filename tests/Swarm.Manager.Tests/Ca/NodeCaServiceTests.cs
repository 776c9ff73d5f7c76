using Grpc.Core;
using Swarm.Agent.Certificates;
using Swarm.Agent.Sessions;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.Ca;

namespace Swarm.Manager.Tests.Ca;

/// <summary>Joining, renewing and Raft membership over real gRPC and TLS, through the node-side client the daemon uses.</summary>
public sealed class NodeCaServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Join_WithTheWorkerToken_CreatesTheNode_AndItsCertificateOpensADispatcherSession()
    {
        await using var world = await CaWorld.StartAsync();

        var issued = await NodeCaClient.JoinAsync(world.Address, world.Cluster.JoinTokens.Worker, "drain", "10.9.8.7", None);
        using var certificate = issued.LoadCertificate();
        using var channel = ClusterChannel.Create(world.Address, certificate, ClusterChannel.ManagerOf(world.Ca.Certificate));
        var registration = await new Dispatcher.DispatcherClient(channel).RegisterAsync(
            new RegisterRequest { Description = DispatchPayload.Encode(new NodeDescription { Hostname = "w1" }) });
        var node = world.Store.Snapshot().Nodes.Get(issued.NodeId);

        Assert.Equal(NodeRole.Worker, issued.Role);
        Assert.Equal("", issued.CaKeyPem);
        Assert.Empty(issued.DataKey);
        Assert.Equal(world.Ca.CertificatePem, issued.RootCaPem);
        Assert.Equal(issued.NodeId, NodeCertificate.NodeIdOf(certificate));
        Assert.Equal(DispatchProtocol.WorkerRole, NodeCertificate.RoleOf(certificate));
        Assert.Equal(issued.NodeId, registration.NodeId);
        Assert.Equal(DispatchProtocol.WorkerRole, registration.Role);
        Assert.Equal(NodeRole.Worker, node!.Spec.DesiredRole);
        Assert.Equal(NodeAvailability.Drain, node.Spec.Availability);
        Assert.Equal(NodeState.Ready, node.Status.State);
    }

    [Fact]
    public async Task Join_WithTheManagerToken_GivesAManagerCertificate_TheCaKey_AndTheDataKey()
    {
        await using var world = await CaWorld.StartAsync();

        var issued = await NodeCaClient.JoinAsync(world.Address, world.Cluster.JoinTokens.Manager, "active", null, None);
        using var copy = ClusterCa.FromPem(issued.RootCaPem, issued.CaKeyPem);

        Assert.Equal(NodeRole.Manager, issued.Role);
        Assert.Equal(world.Ca.Digest, copy.Digest);
        Assert.Equal(CaWorld.DataKey.Key, issued.DataKey);
        Assert.Equal(NodeRole.Manager, world.Store.Snapshot().Nodes.Get(issued.NodeId)!.Role);
    }

    [Fact]
    public async Task Join_WithAWrongSecret_IsRefused_AndCreatesNoNode()
    {
        await using var world = await CaWorld.StartAsync();

        var error = await Assert.ThrowsAsync<JoinException>(() =>
            NodeCaClient.JoinAsync(world.Address, JoinToken.Rotate(world.Cluster.JoinTokens.Worker), "active", null, None));

        Assert.Equal("A valid join token is necessary to join this cluster", error.Message);
        Assert.Equal(0, world.Store.Snapshot().Nodes.Count);
    }

    [Fact]
    public async Task Join_WithATokenOfAnotherSwarm_StopsBeforeSendingIt()
    {
        await using var world = await CaWorld.StartAsync();
        using var elsewhere = ClusterCa.Create(TimeProvider.System);

        var error = await Assert.ThrowsAsync<JoinException>(() =>
            NodeCaClient.JoinAsync(world.Address, JoinToken.New(elsewhere.Digest), "active", null, None));

        Assert.Contains("not of the swarm this join token is for", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.Store.Snapshot().Nodes.Count);
    }

    [Fact]
    public async Task Join_OnAManagerThatDoesNotLead_IsRefused()
    {
        await using var world = await CaWorld.StartAsync();
        world.Leadership.Depose();

        var error = await Assert.ThrowsAsync<JoinException>(() =>
            NodeCaClient.JoinAsync(world.Address, world.Cluster.JoinTokens.Worker, "active", null, None));

        Assert.Contains("no leader known", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.Store.Snapshot().Nodes.Count);
    }

    [Fact]
    public async Task Renew_FollowsThePromotionInTheStore_AndARemovedNodeGetsNothing()
    {
        await using var world = await CaWorld.StartAsync();
        var issued = await NodeCaClient.JoinAsync(world.Address, world.Cluster.JoinTokens.Worker, "active", null, None);
        using var current = issued.LoadCertificate();
        await world.Store.UpdateAsync(tx => tx.Nodes.Update(tx.Nodes.Get(issued.NodeId)! with { Role = NodeRole.Manager }));

        var renewed = await NodeCaClient.RenewAsync([world.Address], current, world.Ca.Certificate, None);
        await world.Store.UpdateAsync(tx => tx.Nodes.Delete(issued.NodeId));
        var removed = await Assert.ThrowsAsync<JoinException>(() => NodeCaClient.RenewAsync([world.Address], current, world.Ca.Certificate, None));

        Assert.Equal(issued.NodeId, renewed.NodeId);
        Assert.Equal(NodeRole.Manager, renewed.Role);
        Assert.NotEqual(issued.KeyPem, renewed.KeyPem);
        Assert.NotEqual("", renewed.CaKeyPem);
        Assert.Contains("not part of this swarm", removed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaftJoin_AddsAManager_AndRecordsItsAddresses_ButRefusesAWorker()
    {
        await using var world = await CaWorld.StartAsync();
        var manager = await NodeCaClient.JoinAsync(world.Address, world.Cluster.JoinTokens.Manager, "active", null, None);
        var worker = await NodeCaClient.JoinAsync(world.Address, world.Cluster.JoinTokens.Worker, "active", null, None);
        using var managerCertificate = manager.LoadCertificate();
        using var workerCertificate = worker.LoadCertificate();

        await NodeCaClient.JoinRaftAsync([world.Address], managerCertificate, world.Ca.Certificate, "10.0.0.2:2378", "10.0.0.2:2377", None);
        var refused = await Assert.ThrowsAsync<JoinException>(() =>
            NodeCaClient.JoinRaftAsync([world.Address], workerCertificate, world.Ca.Certificate, "10.0.0.3:2378", "10.0.0.3:2377", None));

        Assert.Equal(["127.0.0.1:2378", "10.0.0.2:2378"], world.Membership.Members);
        Assert.Equal(new ManagerStatus { Addr = "10.0.0.2:2377", RaftAddr = "10.0.0.2:2378" }, world.Store.Snapshot().Nodes.Get(manager.NodeId)!.ManagerStatus);
        Assert.Equal(StatusCode.PermissionDenied, Assert.IsType<RpcException>(refused.InnerException).StatusCode);
    }

    [Fact]
    public async Task RaftLeave_RemovesTheCaller_AndMakesItAWorker()
    {
        await using var world = await CaWorld.StartAsync();
        var manager = await NodeCaClient.JoinAsync(world.Address, world.Cluster.JoinTokens.Manager, "active", null, None);
        using var certificate = manager.LoadCertificate();
        await NodeCaClient.JoinRaftAsync([world.Address], certificate, world.Ca.Certificate, "10.0.0.2:2378", "10.0.0.2:2377", None);
        await world.Store.UpdateAsync(tx => tx.Nodes.Update(tx.Nodes.Get(manager.NodeId)! with { Status = new NodeStatus { State = NodeState.Ready } }));

        await NodeCaClient.LeaveRaftAsync([world.Address], certificate, world.Ca.Certificate, None);
        var node = world.Store.Snapshot().Nodes.Get(manager.NodeId)!;

        Assert.Equal(["127.0.0.1:2378"], world.Membership.Members);
        Assert.Equal(NodeRole.Worker, node.Role);
        Assert.Equal(NodeRole.Worker, node.Spec.DesiredRole);
        Assert.Null(node.ManagerStatus);
    }

    [Fact]
    public async Task DispatcherCalls_WithoutACertificate_AreUnauthenticated()
    {
        await using var world = await CaWorld.StartAsync();
        using var channel = ClusterChannel.Create(world.Address, null, ClusterChannel.ManagerOf(world.Ca.Certificate));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new Dispatcher.DispatcherClient(channel).RegisterAsync(new RegisterRequest()));
        var root = await new NodeCa.NodeCaClient(channel).GetRootCaCertificateAsync(new GetRootCaCertificateRequest());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(world.Ca.CertificatePem, root.CertificatePem);
    }
}
