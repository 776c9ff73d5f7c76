using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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
    }
}
