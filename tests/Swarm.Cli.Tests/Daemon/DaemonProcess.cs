using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Swarm.Testing;
using Swarm.Testing.Docker;

namespace Swarm.Cli.Tests.Daemon;

/// <summary>
/// One `swarm daemon` as its own OS process (<c>dotnet swarm.dll daemon</c>) over a private data root, exec root,
/// socket and cgroup parent. Stop sends SIGTERM (containers keep running); dispose stops it, then kills what its
/// containers left behind (the supervisor and their processes, by pid) and removes cgroups and directories.
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new("swarm-daemon-");
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Socket => _dir.Sub("swarm.sock");

    public string DockerHost => "unix://" + Socket;

    public string CgroupParent { get; } = "swarm-clitest-" + Guid.NewGuid().ToString("N")[..10];

    public string RunRoot => _dir.Sub("run");

    public string DataRoot => _dir.Sub("data");

    public string Sub(string name) => _dir.Sub(name);

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public int Pid => _process?.Id ?? 0;

    /// <summary>The host name this daemon's node has (its own UTS namespace), or null for the machine's.</summary>
    public string? Hostname { get; private init; }

    public static Process Spawn(params string[] args) => Spawn(null, args);

    /// <summary>With a host name, the daemon runs in a UTS namespace of its own: one machine hosts several named nodes.</summary>
    private static Process Spawn(string? hostname, string[] args)
    {
        var info = new ProcessStartInfo(hostname is null ? "dotnet" : "unshare")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (hostname is not null)
        {
            foreach (var arg in new[] { "--uts", "--", "sh", "-c", "hostname \"$0\" && exec \"$@\"", hostname, "dotnet" })
                info.ArgumentList.Add(arg);
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "swarm.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    public static async Task<DaemonProcess> StartAsync(string? hostname = null)
    {
        var daemon = new DaemonProcess { Hostname = hostname };
        try
        {
            await daemon.StartAgainAsync();
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the daemon (again) and waits until it answers /_ping.</summary>
    public async Task StartAgainAsync()
    {
        _process = Spawn(Hostname, ["daemon", "--data-root", DataRoot, "--exec-root", RunRoot, "-H", DockerHost,
            "--cgroup-parent", CgroupParent, "--log-level", "debug"]);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.TrueAsync(async () => _process.HasExited || await PingAsync(), Bound, "the daemon to answer /_ping");
        if (_process.HasExited)
            throw new InvalidOperationException($"swarm daemon exited with {_process.ExitCode}: {Output}");
    }

    /// <summary>SIGTERM, as systemd stops it; waits for the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (_process is null || _process.HasExited)
            return _process?.ExitCode ?? 0;
        Tmds.Linux.LibC.kill(_process.Id, 15);
        using var bound = new CancellationTokenSource(Bound);
        await _process.WaitForExitAsync(bound.Token);
        return _process.ExitCode;
    }

    /// <summary>kill -9, as a crash: nothing is flushed or handed over.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited)
            return;
        _process.Kill();
        using var bound = new CancellationTokenSource(Bound);
        await _process.WaitForExitAsync(bound.Token);
    }

    /// <summary>A docker CLI pointed at this daemon's socket.</summary>
    public DockerCli Docker()
    {
        var config = Sub("docker-config");
        Directory.CreateDirectory(config);
        return new DockerCli(DockerHost, config);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (OperationCanceledException)
        {
            _process!.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        KillLeftovers();
        UnmountLeftovers();
        // Killed processes leave their cgroups a moment later: until then rmdir fails with EBUSY.
        for (var attempt = 0; attempt < 100 && !RemoveCgroups(); attempt++)
            await Task.Delay(50);

        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                _dir.Dispose();
                return;
            }
            catch (IOException)
            {
                await Task.Delay(50); // a container's mount namespace lets go of the run root asynchronously
            }
        }
    }

    /// <summary>
    /// Containers a failed test left running: found by their cgroups, killed by pid. Their supervisor then has no
    /// containers and no daemon, and leaves by itself.
    /// </summary>
    private void KillLeftovers()
    {
        foreach (var procs in Directory.Exists($"/sys/fs/cgroup/pids/{CgroupParent}")
                     ? Directory.GetFiles($"/sys/fs/cgroup/pids/{CgroupParent}", "cgroup.procs", SearchOption.AllDirectories)
                     : [])
        {
            foreach (var line in File.ReadAllLines(procs))
                Tmds.Linux.LibC.kill(int.Parse(line, CultureInfo.InvariantCulture), 9);
        }
    }

    /// <summary>
    /// Mounts the engine made in the host's namespace for containers still running when the daemon stopped (their
    /// secrets' tmpfs): detached, deepest first, so the directory can go.
    /// </summary>
    private void UnmountLeftovers()
    {
        var root = _dir.Path + "/";
        var mounts = File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(point => point.StartsWith(root, StringComparison.Ordinal))
            .OrderByDescending(point => point.Length)
            .ToList();
        foreach (var point in mounts)
        {
            using var umount = Process.Start("umount", ["-l", point]);
            umount.WaitForExit(10_000);
        }
    }

    /// <summary>Removes this daemon's cgroup parent (and its containers' cgroups) in every hierarchy; true when none is left.</summary>
    private bool RemoveCgroups()
    {
        var left = false;
        foreach (var controller in new[] { "memory", "cpu", "cpuacct", "pids", "unified", "" })
        {
            var parent = Path.Combine("/sys/fs/cgroup", controller, CgroupParent);
            if (!Directory.Exists(parent))
                continue;
            foreach (var child in Directory.GetDirectories(parent))
                TryRmdir(child);
            TryRmdir(parent);
            left |= Directory.Exists(parent);
        }
        return !left;
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket));
            await socket.SendAsync("GET /_ping HTTP/1.1\r\nHost: swarm\r\nConnection: close\r\n\r\n"u8.ToArray());
            var buffer = new byte[256];
            var n = await socket.ReceiveAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, n).StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

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
}
