using Swarm.Engine.Init.Native;
using Swarm.Engine.Init.Protocol;

namespace Swarm.Engine.Init;

/// <summary>
/// The container's filesystem view: overlay rootfs, pivot_root, the kernel filesystems, then the user's mounts.
/// User mounts are made after pivot_root with sources reached through /.oldroot, so a symlink inside the image
/// can never redirect a mount target onto the host.
/// </summary>
internal static unsafe class RootfsSetup
{
    private const string OldRoot = "/.oldroot";

    // Docker's defaults (oci/defaults.go): hidden or read-only kernel interfaces.
    private static readonly string[] MaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    private static readonly string[] ReadOnlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static void Build(InitSpec spec)
    {
        Sys.Mount(null, "/", null, Libc.MS_REC | Libc.MS_PRIVATE, null); // never propagate back to the host
        var lower = string.Join(':', spec.LowerDirs);
        Sys.Mount("overlay", spec.RootfsDir, "overlay", 0, $"lowerdir={lower},upperdir={spec.UpperDir},workdir={spec.WorkDir}");

        Sys.Check(Libc.chdir(Sys.Z(spec.RootfsDir)), "chdir rootfs");
        Sys.MkdirAll(spec.RootfsDir + OldRoot, 0x1c0);
        Sys.Check(Libc.syscall(Libc.SYS_pivot_root, (nint)Sys.Z("."), (nint)Sys.Z(spec.RootfsDir + OldRoot), 0, 0), "pivot_root");
        Sys.Check(Libc.chdir(Sys.Z("/")), "chdir /");

        MountKernelFilesystems();
        foreach (var mount in spec.Mounts)
            UserMount(mount);
        Mask();

        Sys.Check(Libc.umount2(Sys.Z(OldRoot), Libc.MNT_DETACH), "detach old root");
        Libc.rmdir(Sys.Z(OldRoot));

        var workdir = spec.WorkingDir.Length > 0 ? spec.WorkingDir : "/";
        if (!spec.ReadOnlyRootfs)
            Sys.MkdirAll(workdir); // Docker creates a missing working directory
        if (spec.ReadOnlyRootfs)
            Sys.Mount(null, "/", null, Libc.MS_REMOUNT | Libc.MS_BIND | Libc.MS_RDONLY, null);
        Sys.Check(Libc.chdir(Sys.Z(workdir)), $"chdir {workdir}");
    }

    private static void MountKernelFilesystems()
    {
        Sys.MkdirAll("/proc");
        Sys.Mount("proc", "/proc", "proc", Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, null);
        Sys.MkdirAll("/dev");
        Sys.Mount("tmpfs", "/dev", "tmpfs", Libc.MS_NOSUID | Libc.MS_STRICTATIME, "mode=755,size=65536k");
        foreach (var (name, major, minor) in new[] { ("null", 1u, 3u), ("zero", 1u, 5u), ("full", 1u, 7u), ("random", 1u, 8u), ("urandom", 1u, 9u), ("tty", 5u, 0u) })
        {
            var path = "/dev/" + name;
            Sys.Check(Libc.mknod(Sys.Z(path), Libc.S_IFCHR | 0x1b6, Makedev(major, minor)), "mknod " + path);
            Libc.chmod(Sys.Z(path), 0x1b6); // mknod honours the umask
        }

        foreach (var (link, target) in new[] { ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2"), ("ptmx", "pts/ptmx") })
            Libc.symlink(Sys.Z(target), Sys.Z("/dev/" + link));
        Sys.MkdirAll("/dev/pts");
        Sys.Mount("devpts", "/dev/pts", "devpts", Libc.MS_NOSUID | Libc.MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5");
        Sys.MkdirAll("/dev/shm");
        Sys.Mount("shm", "/dev/shm", "tmpfs", Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, "mode=1777,size=65536k");

        Sys.MkdirAll("/sys");
        const uint sysFlags = Libc.MS_RDONLY | Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC;
        if (Libc.mount(Sys.Z("sysfs"), Sys.Z("/sys"), Sys.Z("sysfs"), sysFlags, null) < 0)
        {
            // sysfs cannot be mounted from a network namespace we do not own (host mode): bind the host's, read-only.
            Sys.Mount(OldRoot + "/sys", "/sys", null, Libc.MS_BIND | Libc.MS_REC, null);
            Sys.Mount(null, "/sys", null, Libc.MS_REMOUNT | Libc.MS_BIND | sysFlags, null);
        }
    }

    private static void UserMount(SpecMount mount)
    {
        var readOnly = mount.ReadOnly ? Libc.MS_RDONLY : 0;
        if (mount.Kind == "tmpfs")
        {
            Sys.MkdirAll(mount.Target);
            Sys.Mount("tmpfs", mount.Target, "tmpfs", Libc.MS_NOSUID | Libc.MS_NODEV | readOnly, mount.Data.Length > 0 ? mount.Data : null);
            return;
        }

        var source = OldRoot + mount.Source;
        if (Directory.Exists(source))
            Sys.MkdirAll(mount.Target);
        else if (!File.Exists(mount.Target))
            Sys.Touch(mount.Target);
        Sys.Mount(source, mount.Target, null, Libc.MS_BIND | Libc.MS_REC, null);
        if (mount.ReadOnly)
            Sys.Mount(null, mount.Target, null, Libc.MS_REMOUNT | Libc.MS_BIND | Libc.MS_RDONLY, null);
    }

    private static void Mask()
    {
        foreach (var path in MaskedPaths)
        {
            if (Directory.Exists(path))
                Libc.mount(Sys.Z("tmpfs"), Sys.Z(path), Sys.Z("tmpfs"), Libc.MS_RDONLY, null);
            else if (File.Exists(path))
                Libc.mount(Sys.Z("/dev/null"), Sys.Z(path), null, Libc.MS_BIND, null);
        }

        foreach (var path in ReadOnlyPaths)
        {
            if (Libc.mount(Sys.Z(path), Sys.Z(path), null, Libc.MS_BIND | Libc.MS_REC, null) == 0)
                Libc.mount(null, Sys.Z(path), null, Libc.MS_REMOUNT | Libc.MS_BIND | Libc.MS_RDONLY | Libc.MS_REC, null);
        }
    }

    private static ulong Makedev(uint major, uint minor)
        => ((ulong)(major & 0xfff) << 8) | (minor & 0xff) | ((ulong)(minor & 0xffffff00) << 12);
}
