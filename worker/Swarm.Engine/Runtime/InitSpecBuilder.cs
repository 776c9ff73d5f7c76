using Swarm.Engine.Init.Protocol;

namespace Swarm.Engine.Runtime;

/// <summary>Turns a <see cref="ContainerConfig"/> and its prepared files into what swarm-init executes.</summary>
internal static class InitSpecBuilder
{
    /// <summary>Where the `--init` binary appears inside the container (on the /dev tmpfs: no rootfs write).</summary>
    public const string InitTarget = "/dev/init";

    public static InitSpec ForContainer(
        ContainerConfig config, ContainerDirectory dir, RuntimeOptions options, string hostname,
        IReadOnlyList<string> cgroups, IEnumerable<MountSpec> extraMounts)
    {
        var mounts = extraMounts.Concat(config.Mounts).ToList();
        var args = config.Args.ToList();
        if (config.Init)
        {
            mounts.Add(new MountSpec(MountKind.Bind, options.TiniPath, InitTarget, ReadOnly: true));
            args = [InitTarget, "--", .. args];
        }

        return new InitSpec
        {
            StateDir = dir.RunPath,
            LowerDirs = [.. config.RootfsLowerDirs],
            UpperDir = dir.Upper,
            WorkDir = dir.Work,
            RootfsDir = dir.Rootfs,
            ReadOnlyRootfs = config.ReadOnlyRootfs,
            Hostname = hostname,
            NetMode = config.Network.Kind,
            NetNsPath = config.Network.NamespacePath ?? "",
            Cgroups = [.. cgroups],
            Mounts = [.. mounts.Select(ToSpec)],
            Args = args,
            Env = [.. config.Env],
            WorkingDir = config.WorkingDir,
            User = config.User,
            Capabilities = Capabilities.Compute(config.CapAdd, config.CapDrop),
            NoNewPrivileges = config.NoNewPrivileges,
            Rlimits = [.. config.Rlimits.Select(r => new SpecRlimit(Rlimits.Resource(r.Name), r.Soft, r.Hard))],
            LogPath = dir.LogFile,
            StdinPath = config.OpenStdin ? dir.StdinFifo : "",
            LogMaxSize = config.Log.MaxSize,
            LogMaxFiles = config.Log.MaxFiles,
        };
    }

    public static InitSpec ForExec(ContainerConfig config, ContainerState state, ExecConfig exec, IReadOnlyList<string> cgroups, string resizePath) => new()
    {
        TargetPid = state.Pid,
        Tty = exec.Tty,
        ResizePath = exec.Tty ? resizePath : "",
        Rows = exec.Rows,
        Columns = exec.Columns,
        Cgroups = [.. cgroups],
        Args = [.. exec.Args],
        Env = [.. ContainerConfigMerger.MergeEnv(config.Env, exec.Env)],
        WorkingDir = exec.WorkingDir ?? config.WorkingDir,
        User = exec.User ?? config.User,
        Capabilities = Capabilities.Compute(config.CapAdd, config.CapDrop),
        NoNewPrivileges = config.NoNewPrivileges,
    };

    private static SpecMount ToSpec(MountSpec mount) => mount.Kind == MountKind.Tmpfs
        ? new SpecMount("tmpfs", "tmpfs", mount.Target, mount.ReadOnly, mount.TmpfsOptions)
        : new SpecMount("bind", HostPaths.Resolve(mount.Source), mount.Target, mount.ReadOnly, "");
}
