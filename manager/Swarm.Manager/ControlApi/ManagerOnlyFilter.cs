using Microsoft.AspNetCore.Http;

namespace Swarm.Manager.ControlApi;

/// <summary>Cluster state is served by managers of an active swarm only; others answer 503 with Docker's words.</summary>
internal sealed class ManagerOnlyFilter(ILocalNode local) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (local.State == LocalNodeState.Locked)
            throw ApiException.Unavailable("Swarm is encrypted and needs to be unlocked before it can be used. Please use \"docker swarm unlock\" to unlock it.");
        if (local.State != LocalNodeState.Active)
            throw ApiException.Unavailable("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.");
        if (!local.IsManager)
            throw ApiException.Unavailable("This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.");
        return next(context);
    }
}
