using Swarm.Api.Objects;
using Swarm.Manager.Security;

namespace Swarm.Cli.Daemon.Cluster;

/// <summary>
/// Secret sealing for the Engine API: with this manager's data key. A node that is no manager serves no secret
/// endpoints (the API refuses them first), so there is nothing to seal there; refusing keeps plain data out anyway.
/// </summary>
internal sealed class SwarmSecretProtector(SwarmMode swarm) : ISecretProtector
{
    public Secret Seal(Secret secret) => Current.Seal(secret);

    public Secret Open(Secret secret) => Current.Open(secret);

    private ISecretProtector Current => swarm.Secrets ?? throw new InvalidOperationException("this node holds no data key: it is not a manager");
}
