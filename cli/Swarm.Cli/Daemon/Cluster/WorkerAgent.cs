using AgentService = Swarm.Agent.Agent;
using Swarm.Agent;
using Swarm.Api.Objects;
using Swarm.Engine.Executor;

namespace Swarm.Cli.Daemon.Cluster;

/// <summary>
/// The agent every node of a swarm runs (managers too): a session with the managers' dispatcher, running its tasks as
/// containers of this daemon's engine. Stopping it leaves the containers running; the next agent re-adopts them.
/// </summary>
internal sealed class WorkerAgent : IAsyncDisposable
{
    private readonly AgentService agent;

    private WorkerAgent(AgentService agent) => this.agent = agent;

    public AgentService Agent => agent;

    public static async Task<WorkerAgent> StartAsync(
        NodeMembership membership, NodeCertificateFiles certificates, EngineExecutor executor, string dataDirectory,
        ILoggerFactory loggers, Action<NodeRole> roleReported, CancellationToken cancellationToken)
    {
        var agent = new AgentService(
            new AgentOptions
            {
                NodeCertificate = certificates.Certificate,
                CurrentCertificate = () => certificates.Certificate,
                RootCa = certificates.RootCa,
                Managers = membership.Managers,
                DataDirectory = dataDirectory,
                AdvertiseAddress = membership.AdvertiseAddress,
            },
            executor, TimeProvider.System, loggers);
        agent.RoleReported += roleReported;
        await agent.StartAsync(cancellationToken);
        return new WorkerAgent(agent);
    }

    /// <summary>Waits until the agent's first session is live; false on timeout.</summary>
    public async Task<bool> WaitRegisteredAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (agent.NodeId is null)
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await agent.StopAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        agent.Dispose();
    }
}
