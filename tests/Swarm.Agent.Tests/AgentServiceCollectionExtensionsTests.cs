using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Swarm.Api.Dispatch;
using Swarm.Exec;
using Swarm.Testing;
using Swarm.Testing.Exec;
using Swarm.Testing.Security;

namespace Swarm.Agent.Tests;

public sealed class AgentServiceCollectionExtensionsTests
{
    [Fact]
    public void AddSwarmAgent_WithExecutorAndLogging_HostsTheOneAgent()
    {
        using var ca = new ThrowawayCa();
        using var data = new TempDirectory("swarm-agent-di-");
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IExecutor>(new FakeExecutor())
            .AddSwarmAgent(new AgentOptions
            {
                NodeCertificate = ca.Issue("node-1", DispatchProtocol.WorkerRole),
                RootCa = ca.Certificate,
                Managers = ["127.0.0.1:2377"],
                DataDirectory = data.Path,
            });
        using var provider = services.BuildServiceProvider();

        var hosted = Assert.Single(provider.GetServices<IHostedService>());

        Assert.Same(provider.GetRequiredService<Agent>(), hosted);
    }
}
