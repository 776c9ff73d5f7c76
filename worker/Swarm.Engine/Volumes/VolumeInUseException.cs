using Swarm.Api.Errors;

namespace Swarm.Engine.Volumes;

/// <summary>Docker's 409 for removing a volume that a container still mounts.</summary>
public sealed class VolumeInUseException(string name, IEnumerable<string> containers)
    : SwarmException($"remove {name}: volume is in use - [{string.Join(", ", containers)}]");
