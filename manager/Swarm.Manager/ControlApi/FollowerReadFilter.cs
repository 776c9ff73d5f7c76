using Microsoft.AspNetCore.Http;
using Swarm.Store;

namespace Swarm.Manager.ControlApi;

/// <summary>
/// Reads of cluster state on a follower wait for a Raft read barrier first: the answer then holds every write
/// committed before the request (linearizable), as SwarmKit gets by sending followers' reads to the leader. Without
/// it the docker CLI's read-modify-write (service scale, node promote) could read a lagging version and fail.
/// </summary>
internal sealed class FollowerReadFilter(MemoryStore store, ILeadership? leadership = null) : IEndpointFilter
{
    /// <summary>Docker's words when a manager cannot reach a leader.</summary>
    public const string NoLeader = "The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var aborted = context.HttpContext.RequestAborted;
        if (leadership is { IsLeader: false } && HttpMethods.IsGet(context.HttpContext.Request.Method))
        {
            try
            {
                await store.ReadBarrierAsync(aborted);
            }
            catch (Exception e) when (!aborted.IsCancellationRequested && e is not ApiException)
            {
                throw ApiException.Unavailable(NoLeader);
            }
        }
        return await next(context);
    }
}
