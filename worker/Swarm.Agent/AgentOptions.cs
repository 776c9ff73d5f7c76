using System.Security.Cryptography.X509Certificates;

namespace Swarm.Agent;

/// <summary>How an agent reaches the managers and where it keeps its state.</summary>
public sealed record AgentOptions
{
    /// <summary>The node's certificate with its private key (CN = node id); presented to every manager.</summary>
    public required X509Certificate2 NodeCertificate { get; init; }

    /// <summary>When set, read at every new session instead of <see cref="NodeCertificate"/>: a renewed certificate is then used.</summary>
    public Func<X509Certificate2>? CurrentCertificate { get; init; }

    /// <summary>The cluster's root CA: the only thing a manager's certificate may chain to.</summary>
    public required X509Certificate2 RootCa { get; init; }

    /// <summary>host:port of managers' dispatchers to start from; the managers then tell the agent about the rest.</summary>
    public required IReadOnlyList<string> Managers { get; init; }

    /// <summary>Where task state survives a restart (secrets and configs are never written here).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The address other nodes reach this one at; null lets the manager use the connection's source.</summary>
    public string? AdvertiseAddress { get; init; }

    /// <summary>First wait before retrying a failed session; doubles up to <see cref="MaxBackoff"/> (SwarmKit: 100 ms..8 s).</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long status changes are gathered before one batch goes out.</summary>
    public TimeSpan StatusBatchDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Most statuses in one UpdateTaskStatus call.</summary>
    public int MaxStatusBatch { get; init; } = 1000;
}
