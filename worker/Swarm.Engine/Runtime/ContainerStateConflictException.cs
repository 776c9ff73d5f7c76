using Swarm.Api.Errors;

namespace Swarm.Engine.Runtime;

/// <summary>409: the operation does not fit the container's state (e.g. exec into a stopped container).</summary>
public sealed class ContainerStateConflictException(string message) : SwarmException(message);

/// <summary>500: the container could not be started; the message is swarm-init's (e.g. executable not found).</summary>
public sealed class ContainerStartException(string message) : SwarmException(message);
