using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Swarm.Manager.LogBroker;

/// <summary>Wiring of the log broker, beside the dispatcher whose sessions it relies on (registered by AddDispatcher).</summary>
public static class LogBrokerRegistration
{
    public static IServiceCollection AddLogBroker(this IServiceCollection services, LogBrokerOptions? options = null)
    {
        services.AddSingleton(options ?? new LogBrokerOptions());
        services.AddSingleton<LogSubscriptions>();
        return services;
    }

    public static IEndpointRouteBuilder MapLogBroker(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<LogBrokerService>();
        return endpoints;
    }
}
