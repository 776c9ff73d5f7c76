using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Swarm.Agent;

public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// Runs the worker agent as a hosted service. The composition root registers the <see cref="Swarm.Exec.IExecutor"/>
    /// (the engine's) and logging; <see cref="Agent"/> is resolvable too, for status pages.
    /// </summary>
    public static IServiceCollection AddSwarmAgent(this IServiceCollection services, AgentOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<Agent>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<Agent>());
        return services;
    }
}
