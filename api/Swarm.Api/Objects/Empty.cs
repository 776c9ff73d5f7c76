namespace Swarm.Api.Objects;

/// <summary>Shared empty defaults, so records never hold null collections.</summary>
public static class Empty
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>();
}
