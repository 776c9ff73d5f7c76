using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Swarm.Api.Errors;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Api;

/// <summary>
/// `docker exec`: create, start (hijacked or streamed output), inspect for the exit code. The command gets no
/// stdin and no TTY, and its output is sent when it ends (the runtime's exec collects it).
/// </summary>
internal static class ExecEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/containers/{id}/exec", CreateAsync);
        group.MapPost("/exec/{id}/start", StartAsync);
        group.MapGet("/exec/{id}/json", Inspect);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, string id)
    {
        var containers = http.RequestServices.GetRequiredService<EngineContainers>();
        var info = containers.Resolve(id);
        var request = await ApiQuery.BodyAsync<ExecCreateRequest>(http);
        if (request.Cmd is not { Count: > 0 })
            throw new InvalidSpecException("No exec command specified");
        if (request.Tty)
            throw new InvalidSpecException("exec with a TTY (-t) is not supported by this engine yet");
        if (info.State.Status != ContainerStatus.Running)
            throw new ContainerStateConflictException($"container {info.Config.Id} is not running");
        var config = new ExecConfig
        {
            Args = request.Cmd,
            Env = request.Env ?? [],
            User = string.IsNullOrEmpty(request.User) ? null : request.User,
            WorkingDir = string.IsNullOrEmpty(request.WorkingDir) ? null : request.WorkingDir,
        };
        var session = http.RequestServices.GetRequiredService<ExecSessions>()
            .Create(info.Config.Id, config, request.AttachStdout, request.AttachStderr);
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
            _ = RunAsync(runtime, session, CancellationToken.None);
            http.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        var output = await RawStream.OpenAsync(http);
        var cancellationToken = RawStream.OutputToken(http);
        try
        {
            var result = await RunAsync(runtime, session, cancellationToken);
            if (result is not null && session.AttachStdout)
                await MultiplexedStream.WriteFrameAsync(output, MultiplexedStream.Stdout, result.Stdout, cancellationToken);
            if (result is not null && session.AttachStderr)
                await MultiplexedStream.WriteFrameAsync(output, MultiplexedStream.Stderr, result.Stderr, cancellationToken);
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
                tty = false,
                entrypoint = session.Config.Args[0],
                arguments = session.Config.Args.Skip(1).ToList(),
                privileged = false,
                user = session.Config.User ?? "",
            },
            OpenStdin = false,
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

    private static async Task<ExecResult?> RunAsync(ContainerRuntime runtime, ExecSession session, CancellationToken cancellationToken)
    {
        try
        {
            var result = await runtime.ExecAsync(session.ContainerId, session.Config, cancellationToken);
            session.ExitCode = result.ExitCode;
            return result;
        }
        catch (Exception e) when (e is SwarmException or IOException)
        {
            session.ExitCode = 126;
            return new ExecResult(126, "", e.Message + "\n");
        }
        finally
        {
            session.Running = false;
        }
    }

    private sealed record ExecCreateRequest
    {
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
