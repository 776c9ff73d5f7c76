using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Engine.Runtime;
using Swarm.Engine.Runtime.Logs;
using Swarm.Testing;

namespace Swarm.Engine.Tests.Runtime;

/// <summary>
/// One runtime over a private temp root, busybox rootfs and cgroup parent. Disposing kills every container
/// process it started (by pid), removes containers, cgroups and mounts, and deletes the directory, even after
/// a failed test.
/// </summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new("swarm-rt-");

    private readonly bool _unifiedCgroups;

    /// <param name="unifiedCgroups">Use the v2 driver on this hybrid host's unified hierarchy (no controllers there).</param>
    public RuntimeHarness(bool unifiedCgroups = false)
    {
        _unifiedCgroups = unifiedCgroups;
        Lower = _temp.Sub("lower");
        BusyboxRootfs.Create(Lower);
        CgroupParent = "swarm-test-" + Guid.NewGuid().ToString("N")[..10];
        Directory.CreateDirectory(RunRoot);
        MountTmpfs(RunRoot); // volatile state on tmpfs, as /run in production
        Runtime = NewRuntime();
    }

    public string Lower { get; }

    public string CgroupParent { get; }

    public string Root => _temp.Sub("root");

    public string RunRoot => _temp.Sub("run");

    public ContainerRuntime Runtime { get; private set; }

    public string Sub(string name) => _temp.Sub(name);

    public ContainerConfig Config(params string[] args) => new()
    {
        Id = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
        RootfsLowerDirs = [Lower],
        Args = args,
        Env = ["PATH=/bin"],
    };

    public async Task<ContainerConfig> StartAsync(ContainerConfig config)
    {
        await Runtime.CreateAsync(config, CancellationToken.None);
        await Runtime.StartAsync(config.Id, CancellationToken.None);
        return config;
    }

    /// <summary>Create, start and wait for exit (bounded).</summary>
    public async Task<ContainerExit> RunAsync(ContainerConfig config)
    {
        await StartAsync(config);
        using var bound = new CancellationTokenSource(Bound);
        return await Runtime.WaitAsync(config.Id, bound.Token);
    }

    /// <summary>Start an already created container and wait for its exit (bounded).</summary>
    public async Task<ContainerExit> RunAsync2(string id)
    {
        await Runtime.StartAsync(id, CancellationToken.None);
        using var bound = new CancellationTokenSource(Bound);
        return await Runtime.WaitAsync(id, bound.Token);
    }

    public async Task<string> StdoutAsync(string id)
    {
        var text = new StringBuilder();
        using var bound = new CancellationTokenSource(Bound);
        await foreach (var entry in Runtime.ReadLogsAsync(id, new LogReadOptions(Stderr: false), bound.Token))
            text.Append(entry.Message);
        return text.ToString();
    }

    /// <summary>Simulates an engine restart: the old runtime detaches, a new one re-adopts from disk.</summary>
    public async Task<IReadOnlyList<ContainerInfo>> RestartAsync(string? initPath = null)
    {
        await Runtime.DisposeAsync();
        Runtime = NewRuntime(initPath);
        return await Runtime.RestoreAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var info in Runtime.List())
        {
            var state = info.State;
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                if (state.Status == ContainerStatus.Running)
                {
                    // Kill PID 1 only: the supervisor then reaps it and records the exit. Killing the supervisor would
                    // orphan PID 1, whose cgroup stays busy until someone else reaps it.
                    if (ProcFs.IsAlive(state.Pid, state.PidStartTime))
                        Tmds.Linux.LibC.kill(state.Pid, 9);
                    await Runtime.WaitAsync(info.Config.Id, bound.Token);
                }

                await Runtime.RemoveAsync(info.Config.Id, force: true, bound.Token);
            }
            catch (Exception)
            {
                if (ProcFs.IsAlive(state.Pid, state.PidStartTime))
                    Tmds.Linux.LibC.kill(state.Pid, 9); // last resort; the brute-force cleanup follows
            }
        }

        var supervisor = Runtime.SupervisorPid;
        await Runtime.DisposeAsync();
        await StopSupervisorAsync(supervisor);
        foreach (var controller in new[] { "memory", "cpu", "cpuacct", "pids", "unified", "" })
        {
            var dir = controller == "unified" ? Path.Combine(UnifiedMount, CgroupParent) : Path.Combine("/sys/fs/cgroup", controller, CgroupParent);
            if (!Directory.Exists(dir))
                continue;
            foreach (var child in Directory.GetDirectories(dir))
                TryRmdir(child);
            TryRmdir(dir);
        }

        foreach (var mount in File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(_temp.Path, StringComparison.Ordinal)).Reverse())
            Unmount(mount);
        // A container's mount namespace is torn down asynchronously after its last process exits, and its copy of
        // the run-root tmpfs keeps that mount point busy until then: retry for a while.
        for (var attempt = 0; attempt < 100 && Directory.Exists(_temp.Path); attempt++)
        {
            try
            {
                Directory.Delete(_temp.Path, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(50);
            }
        }

        _temp.Dispose();
    }

    /// <summary>
    /// With no containers and no engine the supervisor leaves by itself; one that does not (a failed test left a
    /// container behind) is killed, by pid, so no process outlives the test.
    /// </summary>
    private static async Task StopSupervisorAsync(int? pid)
    {
        if (pid is not { } supervisor || ProcFs.LiveStartTime(supervisor) is not { } started)
            return;
        for (var i = 0; i < 100 && ProcFs.IsAlive(supervisor, started); i++)
            await Task.Delay(50);
        if (ProcFs.IsAlive(supervisor, started))
            Tmds.Linux.LibC.kill(supervisor, 9);
    }

    /// <summary>Every mount point of the host mount namespace under this harness's directory (but the run-root tmpfs).</summary>
    public IReadOnlyList<string> HostMountsUnderRoot()
        => [.. File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(_temp.Path, StringComparison.Ordinal) && m != RunRoot)];

    public IReadOnlyList<string> CgroupDirs(string id)
        => [.. new[] { "memory", "cpu", "cpuacct", "pids", "unified", "" }.Select(c => c == "unified" ? Path.Combine(UnifiedMount, CgroupParent, id) : Path.Combine("/sys/fs/cgroup", c, CgroupParent, id)).Where(Directory.Exists)];

    public static int ParseInt(string text) => int.Parse(text.Trim(), CultureInfo.InvariantCulture);

    private ContainerRuntime NewRuntime(string? initPath = null) => new(
        new RuntimeOptions
        {
            Root = Root,
            RunRoot = RunRoot,
            InitPath = initPath ?? SwarmInitBinary.Path,
            CgroupParent = CgroupParent,
            AdoptedExitPollInterval = TimeSpan.FromMilliseconds(50),
        },
        NullLogger<ContainerRuntime>.Instance,
        _unifiedCgroups ? new Swarm.Engine.Runtime.Cgroups.CgroupV2Driver(UnifiedMount, CgroupParent) : null);

    /// <summary>The unified hierarchy: /sys/fs/cgroup itself on a pure v2 host, /sys/fs/cgroup/unified on a hybrid one.</summary>
    public static string UnifiedMount => File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified";

    private static void TryRmdir(string dir)
    {
        try
        {
            Directory.Delete(dir);
        }
        catch (IOException)
        {
        }
    }

    private static unsafe void MountTmpfs(string path)
    {
        fixed (byte* source = "tmpfs\0"u8)
        fixed (byte* target = Encoding.UTF8.GetBytes(path + "\0"))
        {
            if (Tmds.Linux.LibC.mount(source, target, source, 0, null) != 0)
                throw new IOException($"mount tmpfs on {path}: errno {Tmds.Linux.LibC.errno}");
        }
    }

    private static unsafe void Unmount(string path)
    {
        fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
            Tmds.Linux.LibC.umount2(p, Tmds.Linux.LibC.MNT_DETACH);
    }
}
