using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Swarm.Manager.Dispatching;

namespace Swarm.Manager.ControlApi.Forwarding;

/// <summary>
/// Wiring of leader forwarding. The follower side (<see cref="AddLeaderForwarder"/>) goes with the Engine API and
/// replaces its default 503 forwarder; the leader side (<see cref="AddControlForwarding"/>,
/// <see cref="MapControlForwarding"/>) goes with the dispatcher, on its mutual-TLS listener. Both need MemoryStore
/// and ILeadership registered.
/// </summary>
public static class ForwardingRegistration
{
    public static IServiceCollection AddLeaderForwarder(this IServiceCollection services, ForwardingOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ManagerDirectory>();
        services.AddSingleton(options);
        services.AddSingleton<LeaderChannels>();
        services.AddSingleton<ILeaderForwarder, GrpcLeaderForwarder>();
        return services;
    }

    /// <summary><paramref name="local"/> reaches this process's own Engine API (it is disposed with the container).</summary>
    public static IServiceCollection AddControlForwarding(this IServiceCollection services, LocalControlApi local)
    {
        services.AddGrpc();
        services.TryAddSingleton<ManagerDirectory>();
        services.AddSingleton(_ => local);
        return services;
    }

    public static IEndpointRouteBuilder MapControlForwarding(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<ControlForwardingService>();
        return endpoints;
    }
}
