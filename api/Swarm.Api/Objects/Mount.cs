using MessagePack;

namespace Swarm.Api.Objects;

/// <summary>A bind mount (Source is a host path), named volume or tmpfs in a task's container.</summary>
[MessagePackObject]
public sealed record Mount
{
    [Key(0)] public MountType Type { get; init; }
    [Key(1)] public string Source { get; init; } = "";
    [Key(2)] public string Target { get; init; } = "";
    [Key(3)] public bool ReadOnly { get; init; }
    /// <summary>Tmpfs size in bytes; 0 = the kernel's default.</summary>
    [Key(4)] public long TmpfsSizeBytes { get; init; }
}

public enum MountType { Bind = 0, Volume = 1, Tmpfs = 2 }
