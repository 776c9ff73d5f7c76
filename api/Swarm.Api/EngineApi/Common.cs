namespace Swarm.Api.EngineApi;

/// <summary>The store version of an object; updates send it back as <c>?version=</c>.</summary>
public sealed record ObjectVersion
{
    public ulong Index { get; init; }
}

/// <summary>The answer to a create: the new object's id (and warnings, for services).</summary>
public sealed record IdResponse
{
    public string ID { get; init; } = "";
    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>The answer to a service update.</summary>
public sealed record WarningsResponse
{
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record Driver
{
    public string Name { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

public sealed record PlatformInfo
{
    public string Architecture { get; init; } = "";
    public string OS { get; init; } = "";
}
