using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Swarm.Manager.ControlApi.Endpoints;

namespace Swarm.Manager.ControlApi;

/// <summary>
/// The manager's Control API, served as the Docker Engine API (v1.41 shapes). The host registers a
/// <see cref="Swarm.Store.MemoryStore"/> and an <see cref="ILocalNode"/>; <see cref="ISwarmMembership"/> and
/// <see cref="ILeaderForwarder"/> are optional (without them init/join answer 503 and followers do not forward).
/// </summary>
public static class ControlApiExtensions
{
    public static IServiceCollection AddControlApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILeaderForwarder, NoLeaderForwarder>();
        services.TryAddSingleton<ISwarmMembership, NoSwarmMembership>();
        services.TryAddSingleton<Security.ISecretProtector, Security.NoSecretProtection>();
        services.AddSingleton<ErrorFilter>();
        services.AddSingleton<ApiVersionFilter>();
        services.AddSingleton<ManagerOnlyFilter>();
        services.AddSingleton<FollowerReadFilter>();
        services.AddSingleton<SystemEndpoints>();
        services.AddSingleton<SwarmEndpoints>();
        services.AddSingleton<NodeEndpoints>();
        services.AddSingleton<ServiceEndpoints>();
        services.AddSingleton<TaskEndpoints>();
        services.AddSingleton<NetworkEndpoints>();
        services.AddSingleton<SecretEndpoints>();
        services.AddSingleton<ConfigEndpoints>();
        services.AddSingleton<EventEndpoints>();
        services.AddSingleton<LogEndpoints>();
        services.AddSingleton<Events.ClusterEventLog>();
        services.AddHostedService(sp => sp.GetRequiredService<Events.ClusterEventLog>());
        return services;
    }

    /// <summary>Maps every route twice: bare (<c>/services</c>) and version-prefixed (<c>/v1.41/services</c>).</summary>
    /// <param name="resolvesImages">The host serves <c>/distribution</c> itself (the daemon's engine does); without
    /// it the manager answers that it cannot resolve image digests, and the CLI goes on without one.</param>
    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder endpoints, bool resolvesImages = false)
    {
        MapAll(endpoints.MapGroup(""), resolvesImages);
        MapAll(endpoints.MapGroup("/v{apiVersion}").AddEndpointFilter<ApiVersionFilter>(), resolvesImages);
        endpoints.MapFallback(() => ApiResults.Error(StatusCodes.Status404NotFound, "page not found"));
        return endpoints;
    }

    private static void MapAll(RouteGroupBuilder root, bool resolvesImages)
    {
        root.AddEndpointFilter<ErrorFilter>();
        SystemEndpoints.Map(root, resolvesImages);
        SwarmEndpoints.MapMembership(root);
        var cluster = root.MapGroup("").AddEndpointFilter<ManagerOnlyFilter>().AddEndpointFilter<FollowerReadFilter>();
        SwarmEndpoints.MapCluster(cluster);
        NodeEndpoints.Map(cluster);
        ServiceEndpoints.Map(cluster);
        TaskEndpoints.Map(cluster);
        NetworkEndpoints.Map(cluster);
        SecretEndpoints.Map(cluster);
        ConfigEndpoints.Map(cluster);
        EventEndpoints.Map(cluster);
        LogEndpoints.Map(cluster);
    }
}
