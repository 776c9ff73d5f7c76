using MessagePack;
using Swarm.Api.Objects;

namespace Swarm.Store.Codec;

public enum ActionKind : byte { Create = 0, Update = 1, Delete = 2 }

/// <summary>
/// One change in a transaction, with the precondition that is checked again when it is applied:
/// <see cref="ExpectedVersion"/> is the version the writer read (0 = any, for unconditional deletes).
/// </summary>
[MessagePackObject]
public sealed record StoreAction
{
    [Key(0)] public ActionKind Kind { get; init; }
    [Key(1)] public ObjectKind ObjectKind { get; init; }
    [Key(2)] public string Id { get; init; } = "";
    [Key(3)] public ulong ExpectedVersion { get; init; }
    [Key(4)] public ISwarmObject? Object { get; init; }
}
