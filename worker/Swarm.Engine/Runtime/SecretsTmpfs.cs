using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Swarm.Engine.Runtime;

/// <summary>
/// Secrets and configs live on a per-container tmpfs (never on disk), mounted in the host mount namespace at
/// &lt;state&gt;/secrets so it outlives an engine restart; each file is bind-mounted read-only to its target.
/// </summary>
internal static unsafe class SecretsTmpfs
{
    public static IReadOnlyList<MountSpec> Populate(ContainerDirectory dir, IReadOnlyList<FileMount> files)
    {
        if (files.Count == 0)
            return [];
        Directory.CreateDirectory(dir.Secrets);
        if (!IsMounted(dir.Secrets))
            Check(Mount("tmpfs", dir.Secrets, "tmpfs", LibC.MS_NOSUID | LibC.MS_NODEV | LibC.MS_NOEXEC, "mode=0700,size=16m"), "mount secrets tmpfs");

        var mounts = new List<MountSpec>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var path = Path.Combine(dir.Secrets, $"{i}-{Path.GetFileName(file.Name)}");
            File.WriteAllBytes(path, file.Data.ToArray());
            fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(path + "\0"))
            {
                Check(LibC.chown(p, file.Uid, file.Gid), "chown secret");
                Check(LibC.chmod(p, (ushort)file.Mode), "chmod secret");
            }

            mounts.Add(new MountSpec(MountKind.Bind, path, file.Target, ReadOnly: true));
        }

        return mounts;
    }

    public static void Unmount(ContainerDirectory dir)
    {
        if (IsMounted(dir.Secrets))
        {
            fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(dir.Secrets + "\0"))
                LibC.umount2(p, LibC.MNT_DETACH);
        }
    }

    private static bool IsMounted(string path)
        => File.ReadLines("/proc/self/mountinfo").Any(line => line.Split(' ')[4] == path);

    private static int Mount(string source, string target, string type, ulong flags, string data)
    {
        fixed (byte* s = System.Text.Encoding.UTF8.GetBytes(source + "\0"))
        fixed (byte* t = System.Text.Encoding.UTF8.GetBytes(target + "\0"))
        fixed (byte* f = System.Text.Encoding.UTF8.GetBytes(type + "\0"))
        fixed (byte* d = System.Text.Encoding.UTF8.GetBytes(data + "\0"))
            return LibC.mount(s, t, f, (ulong_t)flags, d);
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0)
            throw new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(LibC.errno)}");
    }
}
