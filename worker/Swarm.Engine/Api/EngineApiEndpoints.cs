using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Swarm.Engine.Runtime;
using Swarm.Engine.Volumes;

namespace Swarm.Engine.Api;

/// <summary>
/// The Docker Engine API (v1.41 shapes) for containers and images, at the root and under any `/v1.NN` prefix.
/// Needs <see cref="AddEngineApi"/> plus a ContainerRuntime, ImageStore and RegistryClient in the container.
/// </summary>
public static class EngineApiEndpoints
{
    public static IServiceCollection AddEngineApi(this IServiceCollection services, EngineApiOptions? options = null)
    {
        services.AddSingleton(options ?? new EngineApiOptions());
        services.AddSingleton<EngineContainers>();
        services.AddSingleton<ExecSessions>();
        // Volumes live beside the containers unless the host registers its own store.
        services.TryAddSingleton(sp => new VolumeStore(Path.Combine(sp.GetRequiredService<ContainerRuntime>().Options.Root, "volumes")));
        return services;
    }

    public static IEndpointRouteBuilder MapEngineApi(this IEndpointRouteBuilder app)
    {
        Map(app.MapGroup(""));
        Map(app.MapGroup("/v{version}"));
        return app;
    }

    private static void Map(RouteGroupBuilder group)
    {
        group.AddEndpointFilter(ApiErrors.Filter);
        ContainerEndpoints.Map(group);
        ContainerStreamEndpoints.Map(group);
        ContainerStatsEndpoints.Map(group);
        ExecEndpoints.Map(group);
        ImageEndpoints.Map(group);
        ImageTransferEndpoints.Map(group);
        DistributionEndpoints.Map(group);
        VolumeEndpoints.Map(group);
    }
}
