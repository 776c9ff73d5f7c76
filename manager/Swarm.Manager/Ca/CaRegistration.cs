using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Swarm.Manager.Dispatching;
using Swarm.Manager.Membership;

namespace Swarm.Manager.Ca;

/// <summary>
/// Wiring of joining: the CA's and Raft membership's gRPC services, beside the dispatcher on its TLS listener (which
/// lets a joining node in without a certificate; every other method checks the caller's). Needs MemoryStore,
/// ILeadership, the manager's <see cref="ClusterCa"/> and <see cref="Security.SwarmDataKey"/>, and an <see cref="IManagerMembership"/> registered.
/// </summary>
public static class CaRegistration
{
    public static IServiceCollection AddNodeCa(this IServiceCollection services)
    {
        services.AddGrpc();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ManagerDirectory>();
        return services;
    }

    public static IEndpointRouteBuilder MapNodeCa(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<NodeCaService>();
        endpoints.MapGrpcService<RaftMembershipService>();
        return endpoints;
    }
}
