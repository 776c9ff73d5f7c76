namespace Swarm.Api.Objects;

/// <summary>The kinds of object the store keeps, one table each. Values are persisted: append only.</summary>
public enum ObjectKind : byte
{
    Cluster = 0,
    Node = 1,
    Service = 2,
    Task = 3,
    Network = 4,
    Secret = 5,
    Config = 6,
}
