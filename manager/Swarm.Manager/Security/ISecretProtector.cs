using Swarm.Api.Objects;

namespace Swarm.Manager.Security;

/// <summary>
/// Keeps secrets' data encrypted in the store (and so in the Raft log and snapshots on every manager's disk): sealed
/// when a secret is created, opened only to send it to a node that runs a task needing it.
/// </summary>
public interface ISecretProtector
{
    /// <summary>The secret as stored: its data sealed.</summary>
    Secret Seal(Secret secret);

    /// <summary>The secret with its data readable (a secret stored before protection was on is returned as it is).</summary>
    Secret Open(Secret secret);
}

/// <summary>No protection: for hosts that hold no data key (tests of other parts).</summary>
public sealed class NoSecretProtection : ISecretProtector
{
    public Secret Seal(Secret secret) => secret;

    public Secret Open(Secret secret) => secret;
}
