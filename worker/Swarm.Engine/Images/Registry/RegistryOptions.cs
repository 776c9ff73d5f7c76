namespace Swarm.Engine.Images.Registry;

/// <summary>How the client reaches registries.</summary>
public sealed record RegistryOptions
{
    /// <summary>
    /// Registries (`host:port`) reached over plain HTTP. Loopback (`localhost`, 127.0.0.0/8, `[::1]`) always is;
    /// everything else uses HTTPS unless listed here, as Docker's `insecure-registries`.
    /// </summary>
    public IReadOnlySet<string> InsecureRegistries { get; init; } = new HashSet<string>();

    /// <summary>Credentials by registry (`docker.io`, `127.0.0.1:5000`); null for anonymous.</summary>
    public Func<string, RegistryCredentials?> Credentials { get; init; } = _ => null;

    /// <summary>Layers downloaded (and unpacked) at once, or uploaded at once.</summary>
    public int MaxConcurrentTransfers { get; init; } = 3;

    /// <summary>Attempts per blob transfer; a broken download resumes where it stopped.</summary>
    public int TransferAttempts { get; init; } = 3;
}

/// <summary>A user name and password (or token) for basic auth, or for fetching bearer tokens.</summary>
public sealed record RegistryCredentials(string Username, string Password);
