namespace Swarm.Api.Errors;

/// <summary>
/// Base of every error a user can be shown. The Engine API maps each subtype to a status code and the CLI to an
/// exit code; nobody matches on message text.
/// </summary>
public abstract class SwarmException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>404: the object does not exist.</summary>
public sealed class NotFoundException(string message) : SwarmException(message)
{
    public static NotFoundException For(string kind, string idOrName) => new($"{kind} {idOrName} not found");
}

/// <summary>409: another object of this kind already has the name.</summary>
public sealed class NameConflictException(string kind, string name)
    : SwarmException($"{kind} with name {name} already exists")
{
    public string Kind { get; } = kind;
    public string Name { get; } = name;
}

/// <summary>409: the object changed since the caller read it (its version moved on).</summary>
public sealed class VersionConflictException(string message) : SwarmException(message);

/// <summary>400: the request is malformed or asks for something not allowed.</summary>
public sealed class InvalidSpecException(string message) : SwarmException(message);

/// <summary>
/// 503: this manager is not the leader. <see cref="LeaderAddress"/> is where to go instead, when known.
/// The outcome of a write that failed this way is unknown only if <see cref="MayHaveCommitted"/> is true.
/// </summary>
public sealed class NotLeaderException(string? leaderAddress, bool mayHaveCommitted = false, Exception? inner = null)
    : SwarmException(leaderAddress is null
        ? "this node is not the leader and no leader is known"
        : $"this node is not the leader; the leader is {leaderAddress}", inner)
{
    public string? LeaderAddress { get; } = leaderAddress;
    public bool MayHaveCommitted { get; } = mayHaveCommitted;
}
