using Swarm.Api.Errors;

namespace Swarm.Engine.Runtime;

/// <summary>Linux capability names and Docker's default set; cap-add/cap-drop accept "NET_ADMIN", "CAP_NET_ADMIN" or "ALL".</summary>
public static class Capabilities
{
    private static readonly string[] Names =
    [
        "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
        "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
        "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
        "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
        "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
        "CHECKPOINT_RESTORE",
    ];

    /// <summary>Docker's default capability set (moby oci/caps/defaults.go).</summary>
    public static IReadOnlyList<string> DockerDefaults { get; } =
    [
        "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP",
        "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE",
    ];

    /// <summary>The bit mask (bit n = capability n) for the defaults plus <paramref name="add"/> minus <paramref name="drop"/>.</summary>
    public static ulong Compute(IEnumerable<string> add, IEnumerable<string> drop)
    {
        var mask = DockerDefaults.Aggregate(0UL, (m, name) => m | Bit(name));
        foreach (var name in drop)
            mask = IsAll(name) ? 0 : mask & ~Bit(name);
        foreach (var name in add)
            mask |= IsAll(name) ? (1UL << Names.Length) - 1 : Bit(name);
        return mask;
    }

    private static bool IsAll(string name) => string.Equals(name, "ALL", StringComparison.OrdinalIgnoreCase);

    private static ulong Bit(string name)
    {
        var bare = name.StartsWith("CAP_", StringComparison.OrdinalIgnoreCase) ? name[4..] : name;
        var index = Array.FindIndex(Names, n => string.Equals(n, bare, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? 1UL << index : throw new InvalidSpecException($"unknown capability: \"{name}\"");
    }
}
