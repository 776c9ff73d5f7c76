using Swarm.Manager.ControlApi;

namespace Swarm.Cli.Daemon.Cluster;

/// <summary>Leader forwarding for the Engine API: through this node's manager half while it has one, else none (503).</summary>
internal sealed class SwarmForwarder(SwarmMode swarm) : ILeaderForwarder
{
    public Task<ForwardedResponse?> ForwardAsync(ForwardedRequest request, CancellationToken cancellationToken)
        => swarm.Forwarder is { } forwarder ? forwarder.ForwardAsync(request, cancellationToken) : Task.FromResult<ForwardedResponse?>(null);
}
