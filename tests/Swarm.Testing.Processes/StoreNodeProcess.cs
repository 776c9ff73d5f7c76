using System.Diagnostics;
using System.Net;

namespace Swarm.Testing.Processes;

/// <summary>
/// One store manager running as its own OS process (<c>dotnet swarm-store-node.dll</c>), with its own data directory
/// and a control socket in it. The process can be killed (SIGKILL), stopped (SIGTERM) and started again on the same
/// directory, as an operator would. Its stdout and stderr go to <see cref="LogPath"/>, never to the caller's.
/// </summary>
public sealed class StoreNodeProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly string certificatesDirectory;
    private readonly bool bootstrap;
    private readonly long? snapshotInterval;
    private readonly Lock logLock = new(); // stdout and stderr lines arrive on different threads
    private Process? process;
    private StreamWriter? log;
    private int starts;

    /// <param name="directory">The node's own folder: data/ and its log go there.</param>
    public StoreNodeProcess(string name, string directory, IPEndPoint raftAddress, string certificatesDirectory, bool bootstrap, long? snapshotInterval = null)
    {
        Name = name;
        RaftAddress = raftAddress;
        DataDirectory = Path.Combine(directory, "data");
        LogPath = Path.Combine(directory, "node.log");
        this.certificatesDirectory = certificatesDirectory;
        this.bootstrap = bootstrap;
        this.snapshotInterval = snapshotInterval;
        Client = new StoreNodeClient(SocketPath);
    }

    /// <summary>The node program, copied next to the calling assembly by the project reference.</summary>
    public static string NodeAssemblyPath => Path.Combine(AppContext.BaseDirectory, "swarm-store-node.dll");

    public string Name { get; }
    public IPEndPoint RaftAddress { get; }
    public string DataDirectory { get; }
    public string SocketPath => Path.Combine(DataDirectory, "api.sock");
    public string LogPath { get; }
    public StoreNodeClient Client { get; }

    /// <summary>The OS process id of the current (or last) run.</summary>
    public int? ProcessId => process?.Id;

    public bool Running => process is { HasExited: false };

    /// <summary>How the last run ended; null while it runs or before the first start.</summary>
    public int? ExitCode => process is { HasExited: true } exited ? exited.ExitCode : null;

    /// <summary>
    /// Starts the process and returns once its control API answers. Only the first start may bootstrap; a restart
    /// rejoins with the membership kept in its data directory.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Running)
            throw new InvalidOperationException($"{Name} is already running");
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in Arguments(bootstrap && starts == 0))
            start.ArgumentList.Add(argument);
        log?.Dispose();
        log = new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var started = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Name}");
        process = started;
        starts++;
        WriteLog($"--- {Name} start #{starts}, pid {started.Id}: {string.Join(' ', start.ArgumentList)}");
        started.ErrorDataReceived += (_, e) => WriteLog(e.Data);
        started.OutputDataReceived += (_, e) => WriteLog(e.Data);
        started.BeginErrorReadLine();
        started.BeginOutputReadLine();
        await WaitUntilServingAsync(started, cancellationToken);
    }

    /// <summary>kill -9: no chance to flush or say goodbye.</summary>
    public async Task KillAsync()
    {
        if (process is not { } running || running.HasExited)
            return;
        running.Kill(entireProcessTree: false);
        await WaitForExitAsync(running);
    }

    /// <summary>SIGTERM, then waits for a clean exit (killing it if it does not come); returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (process is not { } running)
            throw new InvalidOperationException($"{Name} was never started");
        if (!running.HasExited)
        {
            Signals.Terminate(running.Id);
            await WaitForExitAsync(running);
        }
        return running.ExitCode;
    }

    /// <summary>Starts the node again on the same data directory (kill or stop it first).</summary>
    public Task RestartAsync(CancellationToken cancellationToken) => StartAsync(cancellationToken);

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string LogTail(int lines = 30)
    {
        try
        {
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
        Client.Dispose();
        lock (logLock)
            log?.Dispose();
    }

    private void WriteLog(string? line)
    {
        if (line is null)
            return;
        lock (logLock)
            log?.WriteLine(line);
    }

    private IEnumerable<string> Arguments(bool bootstrapNow)
    {
        yield return NodeAssemblyPath;
        yield return "--data";
        yield return DataDirectory;
        yield return "--raft";
        yield return RaftAddress.ToString();
        yield return "--certs";
        yield return certificatesDirectory;
        if (bootstrapNow)
            yield return "--bootstrap";
        // If this process is killed before it can dispose the node, the node stops by itself.
        yield return "--exit-with";
        yield return Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Debugging a flaky run: SWARM_STORE_NODE_LOG_LEVEL=debug makes every node's log verbose.
        if (Environment.GetEnvironmentVariable("SWARM_STORE_NODE_LOG_LEVEL") is { Length: > 0 } level)
        {
            yield return "--log-level";
            yield return level;
        }
        if (snapshotInterval is { } interval)
        {
            yield return "--snapshot-interval";
            yield return interval.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private async Task WaitUntilServingAsync(Process started, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        try
        {
            while (!await ServingAsync(started, deadline.Token))
                await Task.Delay(25, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not serve {SocketPath} within {StartTimeout.TotalSeconds} s:\n{LogTail()}");
        }
    }

    private async Task<bool> ServingAsync(Process started, CancellationToken cancellationToken)
    {
        if (started.HasExited)
            throw new InvalidOperationException($"{Name} exited with code {started.ExitCode} while starting:\n{LogTail()}");
        if (!File.Exists(SocketPath))
            return false;
        try
        {
            await Client.GetStatusAsync(cancellationToken);
            return true;
        }
        catch (HttpRequestException)
        {
            return false; // a socket file left by the previous run, or not listening yet
        }
    }

    private async Task WaitForExitAsync(Process running)
    {
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await running.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>The same dotnet host that runs us when there is one (SDK commands set DOTNET_HOST_PATH).</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        return "dotnet";
    }
}
