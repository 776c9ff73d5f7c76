using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Swarm.Api.Errors;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Api;

/// <summary>
/// `docker exec`: create, start (hijacked or streamed output), resize, inspect for the exit code. Output is
/// relayed as it is written (multiplexed frames, or one raw stream with `-t`); with `-i` the hijacked connection's
/// input becomes the command's stdin.
/// </summary>
internal static class ExecEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/containers/{id}/exec", CreateAsync);
        group.MapPost("/exec/{id}/start", StartAsync);
        group.MapGet("/exec/{id}/json", Inspect);
        group.MapPost("/exec/{id}/resize", Resize);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, string id)
    {
        var containers = http.RequestServices.GetRequiredService<EngineContainers>();
        var info = containers.Resolve(id);
        var request = await ApiQuery.BodyAsync<ExecCreateRequest>(http);
        if (request.Cmd is not { Count: > 0 })
            throw new InvalidSpecException("No exec command specified");
        if (info.State.Status != ContainerStatus.Running)
            throw new ContainerStateConflictException($"container {info.Config.Id} is not running");
        var config = new ExecConfig
        {
            Args = request.Cmd,
            Env = request.Env ?? [],
            User = string.IsNullOrEmpty(request.User) ? null : request.User,
            WorkingDir = string.IsNullOrEmpty(request.WorkingDir) ? null : request.WorkingDir,
            Tty = request.Tty,
            Rows = request.ConsoleSize is [var rows, _] ? rows : 0,
            Columns = request.ConsoleSize is [_, var columns] ? columns : 0,
        };
        var session = http.RequestServices.GetRequiredService<ExecSessions>()
            .Create(info.Config.Id, config, request.AttachStdin, request.AttachStdout, request.AttachStderr);
        return Results.Json(new IdResponse(session.Id), EngineJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task StartAsync(HttpContext http, string id)
    {
        var session = http.RequestServices.GetRequiredService<ExecSessions>().Get(id);
        var runtime = http.RequestServices.GetRequiredService<EngineContainers>().Runtime;
        var request = await ReadStartAsync(http);
        if (!session.TryStart())
            throw new ContainerStateConflictException($"exec {id} has already run");

        if (request.Detach)
        {
            _ = RunAsync(runtime, session, output: null, CancellationToken.None);
            http.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        if (session.AttachStdin)
            UpgradeBodyConnection.ClientInput.Of(http)?.WantEnd(); // the end of the client's input is the command's EOF
        var output = await RawStream.OpenAsync(http);
        try
        {
            await RunAsync(runtime, session, output, RawStream.OutputToken(http));
        }
        finally
        {
            await output.DisposeAsync();
        }
    }

    private static IResult Inspect(HttpContext http, string id)
    {
        var session = http.RequestServices.GetRequiredService<ExecSessions>().Get(id);
        return Results.Json(new
        {
            ID = session.Id,
            session.Running,
            session.ExitCode,
            ProcessConfig = new
            {
                tty = session.Config.Tty,
                entrypoint = session.Config.Args[0],
                arguments = session.Config.Args.Skip(1).ToList(),
                privileged = false,
                user = session.Config.User ?? "",
            },
            OpenStdin = session.AttachStdin,
            OpenStderr = session.AttachStderr,
            OpenStdout = session.AttachStdout,
            CanRemove = false,
            ContainerID = session.ContainerId,
            DetachKeys = "",
            Pid = 0,
        }, EngineJson.Options);
    }

    /// <summary>
    /// The docker CLI sends the start options as a body on the upgrade request; Kestrel then hands the body bytes
    /// over as the start of the upgraded stream, so an absent or unreadable body means "attached, no TTY".
    /// </summary>
    private static async Task<ExecStartRequest> ReadStartAsync(HttpContext http)
    {
        if (http.Request.ContentLength is null or 0 || http.Request.Headers.Upgrade.Count > 0)
            return new ExecStartRequest();
        return await ApiQuery.BodyAsync<ExecStartRequest>(http);
    }

    /// <summary>
    /// Runs the command, relaying each chunk of its output as a frame as soon as it is written (and its stdin from
    /// the hijacked connection when attached); a command that cannot start reports 126 and the reason on stderr.
    /// </summary>
    private static async Task RunAsync(ContainerRuntime runtime, ExecSession session, Stream? output, CancellationToken cancellationToken)
    {
        var frames = new FrameWriter(output);
        try
        {
            await using var process = await runtime.StartExecAsync(session.ContainerId, session.Config, cancellationToken);
            session.Process = process;
            var input = session.AttachStdin && output is not null && output.CanRead
                ? RelayInputAsync(output, process)
                : Task.Run(process.CloseStdin, CancellationToken.None);
            var stdout = frames.PumpAsync(process.Stdout, process.Tty ? FrameWriter.Raw : MultiplexedStream.Stdout, session.AttachStdout, cancellationToken);
            var stderr = frames.PumpAsync(process.Stderr, process.Tty ? FrameWriter.Raw : MultiplexedStream.Stderr, session.AttachStderr || process.Tty, cancellationToken);
            session.ExitCode = await process.WaitAsync(cancellationToken);
            await Task.WhenAll(stdout, stderr);
            _ = input; // ends with the client's half-close or when the command's stdin closes
        }
        catch (Exception e) when (e is SwarmException or IOException)
        {
            session.ExitCode = 126;
            if (session.AttachStderr)
                await frames.WriteAsync(MultiplexedStream.Stderr, System.Text.Encoding.UTF8.GetBytes(e.Message + "\n"), cancellationToken);
        }
        finally
        {
            session.Process = null;
            session.Running = false;
        }
    }

    private static async Task RelayInputAsync(Stream connection, ExecProcess process)
    {
        try
        {
            await connection.CopyToAsync(process.Stdin);
        }
        catch (IOException)
        {
            // the client went away, or the command closed its stdin
        }
        catch (ObjectDisposedException)
        {
            // the command ended first
        }
        finally
        {
            process.CloseStdin();
        }
    }

    /// <summary>Serialises the frames of two pumps onto one connection (a TTY's output goes unframed).</summary>
    private sealed class FrameWriter(Stream? output)
    {
        public const byte Raw = 0;

        private readonly SemaphoreSlim _lock = new(1, 1);
        private bool _gone;

        public async Task PumpAsync(Stream source, byte stream, bool forward, CancellationToken cancellationToken)
        {
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (forward)
                    await WriteAsync(stream, buffer.AsMemory(0, n), cancellationToken);
            }
        }

        public async Task WriteAsync(byte stream, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            if (output is null || _gone)
                return;
            await _lock.WaitAsync(cancellationToken);
            try
            {
                if (stream == Raw)
                {
                    await output.WriteAsync(payload, cancellationToken);
                    await output.FlushAsync(cancellationToken);
                }
                else
                {
                    await MultiplexedStream.WriteFrameAsync(output, stream, payload, cancellationToken);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                _gone = true; // the client left: the command runs on, its output is drained and dropped (as Docker does)
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    /// <summary>`docker exec -t` sends the client terminal's size at start and whenever it changes.</summary>
    private static IResult Resize(HttpContext http, string id)
    {
        var session = http.RequestServices.GetRequiredService<ExecSessions>().Get(id);
        var rows = ApiQuery.Int(http, "h") ?? 0;
        var columns = ApiQuery.Int(http, "w") ?? 0;
        if (rows < 0 || columns < 0)
            throw new InvalidSpecException("invalid terminal size");
        session.Process?.Resize(rows, columns);
        return Results.Ok();
    }

    private sealed record ExecCreateRequest
    {
        public List<int>? ConsoleSize { get; init; }
        public bool AttachStdin { get; init; }
        public bool AttachStdout { get; init; }
        public bool AttachStderr { get; init; }
        public bool Tty { get; init; }
        public List<string>? Cmd { get; init; }
        public List<string>? Env { get; init; }
        public string? User { get; init; }
        public string? WorkingDir { get; init; }
    }

    private sealed record ExecStartRequest
    {
        public bool Detach { get; init; }
        public bool Tty { get; init; }
    }
}
