using Swarm.Engine.Runtime;

namespace Swarm.Engine.Api;

public sealed record EngineApiOptions
{
    /// <summary>
    /// What `default`/`bridge` network mode means: there is no docker0 bridge, so a container gets a private
    /// namespace with loopback only unless it asks for `host`.
    /// </summary>
    public NetworkMode DefaultNetwork { get; init; } = NetworkMode.None;
}
