using Grpc.Core;
using Swarm.Api.Dispatch;
using Swarm.Store;

namespace Swarm.Manager.Dispatching;

/// <summary>
/// How every leader-only gRPC call on port 2377 refuses on a follower: UNAVAILABLE, naming the leader's host:port in
/// the <see cref="DispatchProtocol.LeaderAddressTrailer"/> trailer when it is known, so the caller can go there.
/// </summary>
public static class LeaderRedirect
{
    public static RpcException NotLeader(ILeadership leadership, ManagerDirectory managers, MemoryStore store)
    {
        var leader = leadership.IsLeader ? null : managers.LeaderAddress(store.Snapshot());
        var trailers = new Metadata();
        if (leader is not null)
            trailers.Add(DispatchProtocol.LeaderAddressTrailer, leader);
        var message = leader is null ? "not the leader (or not serving yet); no leader known" : $"not the leader, leader is {leader}";
        return new RpcException(new Status(StatusCode.Unavailable, message), trailers);
    }

    public static void EnsureLeader(ILeadership leadership, ManagerDirectory managers, MemoryStore store)
    {
        if (!leadership.IsLeader)
            throw NotLeader(leadership, managers, store);
    }

    /// <summary>Runs a store change, turning a lost leadership into the same redirect.</summary>
    public static async Task GuardAsync(ILeadership leadership, ManagerDirectory managers, MemoryStore store, Func<Task> change)
    {
        try
        {
            await change();
        }
        catch (Swarm.Api.Errors.NotLeaderException)
        {
            throw NotLeader(leadership, managers, store);
        }
    }

    /// <summary>The leader named by a refused call, if any.</summary>
    public static string? LeaderOf(RpcException refused)
        => refused.StatusCode == StatusCode.Unavailable && refused.Trailers.GetValue(DispatchProtocol.LeaderAddressTrailer) is { Length: > 0 } leader
            ? leader : null;
}
