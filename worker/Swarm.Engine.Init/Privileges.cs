using System.Runtime.InteropServices;
using Swarm.Engine.Init.Native;
using Swarm.Engine.Init.Protocol;

namespace Swarm.Engine.Init;

/// <summary>Rlimits, then groups/gid/uid, capabilities and no_new_privs: the last steps before exec.</summary>
internal static unsafe class Privileges
{
    private const uint CapabilityVersion3 = 0x20080522;

    public static void ApplyRlimits(IEnumerable<SpecRlimit> limits)
    {
        var value = stackalloc ulong[2];
        foreach (var limit in limits)
        {
            value[0] = limit.Soft;
            value[1] = limit.Hard;
            Sys.Check(Libc.syscall(Libc.SYS_prlimit64, 0, limit.Resource, (nint)value, 0), $"setrlimit {limit.Resource}");
        }
    }

    public static void Drop(Identity identity, ulong capabilities, bool noNewPrivileges)
    {
        var last = LastCapability();
        for (var cap = 0; cap <= last; cap++)
        {
            if ((capabilities & (1UL << cap)) == 0)
                Sys.Check(Libc.prctl(Libc.PR_CAPBSET_DROP, (nuint)cap, 0, 0, 0), $"drop capability {cap} from bounding set");
        }

        fixed (uint* groups = identity.Groups)
            Sys.Check(Libc.setgroups((nuint)identity.Groups.Length, groups), "setgroups");
        Sys.Check(Libc.setresgid(identity.Gid, identity.Gid, identity.Gid), "setgid");
        Sys.Check(Libc.setresuid(identity.Uid, identity.Uid, identity.Uid), "setuid");

        // A non-root user lost every capability at setuid (no keep-caps), as with Docker; root keeps the set.
        var kept = identity.Uid == 0 ? capabilities : 0;
        var header = stackalloc uint[2] { CapabilityVersion3, 0 };
        var data = stackalloc uint[6]; // two structs of { effective, permitted, inheritable }
        data[0] = data[1] = (uint)kept;
        data[3] = data[4] = (uint)(kept >> 32);
        data[2] = data[5] = 0; // inheritable stays empty (CVE-2022-24769)
        Sys.Check(Libc.syscall(Libc.SYS_capset, (nint)header, (nint)data, 0, 0), "capset");
        Libc.prctl(Libc.PR_CAP_AMBIENT, Libc.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
        if (noNewPrivileges)
            Sys.Check(Libc.prctl(Libc.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs");
    }

    /// <summary>execve keeps ignored signals and the mask; .NET ignores SIGPIPE, which a workload must not inherit.</summary>
    public static void ResetSignals()
    {
        for (var sig = 1; sig < 65; sig++)
        {
            if (sig != Libc.SIGKILL && sig != Libc.SIGSTOP)
                Libc.signal(sig, 0);
        }

        var empty = stackalloc byte[Libc.SigSetSize];
        Libc.sigemptyset(empty);
        Libc.sigprocmask(2, empty, null);
    }

    private static int LastCapability()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 40;
        }
    }

    internal static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
