namespace Swarm.Api.EngineApi;

public sealed record Secret
{
    public string ID { get; init; } = "";
    public ObjectVersion Version { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public SecretSpec Spec { get; init; } = new();
}

/// <summary>Data is base64 in JSON; an inspect never shows a secret's data.</summary>
public sealed record SecretSpec
{
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public byte[]? Data { get; init; }
    public Driver? Driver { get; init; }
    public Driver? Templating { get; init; }
}

public sealed record Config
{
    public string ID { get; init; } = "";
    public ObjectVersion Version { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public ConfigSpec Spec { get; init; } = new();
}

/// <summary>Data is base64 in JSON; unlike a secret's, an inspect shows it.</summary>
public sealed record ConfigSpec
{
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public byte[]? Data { get; init; }
    public Driver? Templating { get; init; }
}
