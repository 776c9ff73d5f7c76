using Swarm.Engine.Runtime;

namespace Swarm.Engine.Api;

public sealed record EngineApiOptions
{
    /// <summary>
    /// What `default`/`bridge` network mode means: there is no docker0 bridge, so a container gets a private
    /// namespace with loopback only unless it asks for `host`.
    /// </summary>
    public NetworkMode DefaultNetwork { get; init; } = NetworkMode.None;

    /// <summary>The API version announced by /_ping and /version (Docker's shapes of this version).</summary>
    public string ApiVersion { get; init; } = "1.41";
}
