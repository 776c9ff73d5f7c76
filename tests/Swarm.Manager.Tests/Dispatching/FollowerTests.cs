using Grpc.Core;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Store;
using Swarm.Testing.ControlPlane;
using Swarm.Testing.Security;

namespace Swarm.Manager.Tests.Dispatching;

/// <summary>A dispatcher on a manager that does not lead sends agents to the one that does.</summary>
public sealed class FollowerTests
{
    [Fact]
    public async Task Register_OnFollower_UnavailableNamingTheLeadersDispatcher()
    {
        using var ca = new ThrowawayCa();
        var store = new MemoryStore();
        await store.UpdateAsync(tx => tx.Nodes.Create(new Node
        {
            Id = "manager-2",
            Role = NodeRole.Manager,
            ManagerStatus = new ManagerStatus { Addr = "127.0.0.2:2377", RaftAddr = "127.0.0.2:2378" },
        }));
        await using var host = await DispatcherHost.StartAsync(store, new Follower("127.0.0.2:2378"), ca, "manager-1");
        using var node = new NodeChannel(host.Address, ca.Issue("worker-1", DispatchProtocol.WorkerRole), ca.Certificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => node.RegisterAsync());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("127.0.0.2:2377", error.Trailers.GetValue(DispatchProtocol.LeaderAddressTrailer));
        Assert.Null(store.Snapshot().Nodes.Get("worker-1"));
    }

    private sealed class Follower(string leader) : ILeadership
    {
        public bool IsLeader => false;
        public string? LeaderAddress => leader;

        public async ValueTask<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return CancellationToken.None;
        }
    }
}
