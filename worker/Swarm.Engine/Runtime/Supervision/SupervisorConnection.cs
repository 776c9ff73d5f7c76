using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Swarm.Engine.Runtime.Supervision;

/// <summary>
/// The engine's connection to the node's one container supervisor (swarm-init supervise). Starts are tagged with
/// the container id; each start's exit is kept per tag until the runtime asks for it, so an exit that arrives
/// before the runtime has recorded the start is never lost. When the connection breaks every pending start and
/// exit watch fails with <see cref="SupervisorLostException"/>.
/// </summary>
internal sealed class SupervisorConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<int>> _starts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<int>> _exits = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private Task _reading = Task.CompletedTask;

    private SupervisorConnection(Socket socket, int pid)
    {
        _socket = socket;
        _reader = new StreamReader(new NetworkStream(socket, ownsSocket: false), Encoding.UTF8);
        SupervisorPid = pid;
    }

    public int SupervisorPid { get; }

    public ulong SupervisorStartTime { get; private init; }

    public bool Lost { get; private set; }

    /// <summary>Connects to the supervisor on <paramref name="socketPath"/>, starting one if none answers.</summary>
    public static async Task<SupervisorConnection> ConnectAsync(string initPath, string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Encoding.UTF8.GetByteCount(socketPath) > 107)
            throw new ContainerStartException($"the supervisor socket path {socketPath} is longer than 107 bytes: use a shorter run root");
        var deadline = DateTime.UtcNow + timeout;
        var launched = false;
        while (true)
        {
            if (await TryConnectAsync(socketPath, cancellationToken) is { } connection)
                return connection;
            if (DateTime.UtcNow > deadline)
                throw new ContainerStartException($"could not reach the container supervisor on {socketPath}");
            if (launched)
            {
                // "busy": the other supervisor is still taking its place (or leaving): try again shortly.
                await Task.Delay(50, cancellationToken);
                launched = false;
                continue;
            }

            await SupervisorLauncher.LaunchAsync(initPath, socketPath, timeout, cancellationToken);
            launched = true;
        }
    }

    /// <summary>Asks the supervisor to start the container whose spec is at <paramref name="specPath"/>; returns PID 1.</summary>
    public async Task<int> StartAsync(string id, string specPath, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _starts[id] = started;
        _exits[id] = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await SendAsync($"start {id} {specPath}", cancellationToken);
            return await started.Task.WaitAsync(cancellationToken);
        }
        catch
        {
            _starts.TryRemove(id, out _);
            _exits.TryRemove(id, out _);
            throw;
        }
    }

    public Task CloseStdinAsync(string id, CancellationToken cancellationToken) => SendAsync($"close-stdin {id}", cancellationToken);

    /// <summary>The exit code of the container's current run, once the supervisor has recorded it.</summary>
    public Task<int> ExitOf(string id)
    {
        var exit = _exits.GetOrAdd(id, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Lost)
            exit.TrySetException(new SupervisorLostException());
        return exit.Task;
    }

    /// <summary>Forgets a consumed exit so the next run of the same container starts clean.</summary>
    public void Forget(string id, Task<int> exit)
    {
        if (_exits.TryGetValue(id, out var current) && current.Task == exit)
            _exits.TryRemove(id, out _);
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _socket.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // closing
        }

        _reader.Dispose();
        _closing.Dispose();
    }

    private static async Task<SupervisorConnection?> TryConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
            return null;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            var connection = new SupervisorConnection(socket, 0);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(5));
            var hello = await connection._reader.ReadLineAsync(limit.Token);
            if (hello is null || !hello.StartsWith("hello 1 ", StringComparison.Ordinal))
            {
                socket.Dispose();
                return null; // it is leaving (or is not ours): the caller starts a fresh one
            }

            var pid = int.Parse(hello.AsSpan(8), CultureInfo.InvariantCulture);
            connection = new SupervisorConnection(socket, pid) { SupervisorStartTime = ProcFs.LiveStartTime(pid) ?? 0 };
            connection._reading = connection.ReadAsync();
            return connection;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return null;
        }
    }

    private async Task SendAsync(string line, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), SocketFlags.None, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new SupervisorLostException();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _reader.ReadLineAsync(_closing.Token) is { } line)
                Dispatch(line);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the supervisor went away, or we are closing
        }
        finally
        {
            Lost = true;
            foreach (var pending in _starts.Values.Concat(_exits.Values))
                pending.TrySetException(new SupervisorLostException());
        }
    }

    private void Dispatch(string line)
    {
        var parts = line.Split(' ', 3);
        switch (parts)
        {
            case ["started", var id, var pid]:
                var pid1 = int.Parse(pid, CultureInfo.InvariantCulture);
                if (!_starts.TryRemove(id, out var waiting) || !waiting.TrySetResult(pid1))
                    Tmds.Linux.LibC.kill(pid1, 9); // its start was abandoned (timed out): nobody would manage it
                break;
            case ["failed", var id, var message] when _starts.TryRemove(id, out var start):
                start.TrySetException(new ContainerStartException(message));
                break;
            case ["exited", var id, var code]:
                _exits.GetOrAdd(id, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously))
                    .TrySetResult(int.Parse(code, CultureInfo.InvariantCulture));
                break;
        }
    }
}
