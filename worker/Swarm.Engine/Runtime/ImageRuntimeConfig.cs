namespace Swarm.Engine.Runtime;

/// <summary>The parts of an image's config that decide how it runs (OCI image config "config" object).</summary>
public sealed record ImageRuntimeConfig
{
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public string WorkingDir { get; init; } = "";

    public string User { get; init; } = "";

    public string? StopSignal { get; init; }

    public HealthcheckConfig? Healthcheck { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

/// <summary>What the user asked for on top of the image (null = take the image's).</summary>
public sealed record ContainerOverrides
{
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public string? StopSignal { get; init; }

    public HealthcheckConfig? Healthcheck { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

/// <summary>The merged result, ready for <see cref="ContainerConfig"/>.</summary>
public sealed record MergedProcessConfig(
    IReadOnlyList<string> Args,
    IReadOnlyList<string> Env,
    string WorkingDir,
    string User,
    string StopSignal,
    HealthcheckConfig? Healthcheck,
    IReadOnlyDictionary<string, string> Labels);
