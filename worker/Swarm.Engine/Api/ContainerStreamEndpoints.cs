using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Runtime;
using Swarm.Engine.Runtime.Logs;

namespace Swarm.Engine.Api;

/// <summary>Output streams: logs (follow, since, until, tail, timestamps) and attach (what `docker run` without -d uses).</summary>
internal static class ContainerStreamEndpoints
{
    private static readonly TimeSpan StartPoll = TimeSpan.FromMilliseconds(20);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/containers/{id}/logs", LogsAsync);
        group.MapPost("/containers/{id}/attach", AttachAsync);
    }

    private static async Task LogsAsync(HttpContext http, string id)
    {
        var containers = http.RequestServices.GetRequiredService<EngineContainers>();
        var info = containers.Resolve(id);
        var tail = ApiQuery.String(http, "tail") is { } t && t != "all" ? ApiQuery.Int(http, "tail") : null;
        var options = new LogReadOptions(
            Follow: ApiQuery.Bool(http, "follow"),
            Tail: tail,
            Since: ApiQuery.UnixTime(http, "since"),
            Stdout: ApiQuery.Bool(http, "stdout"),
            Stderr: ApiQuery.Bool(http, "stderr"));
        var until = ApiQuery.UnixTime(http, "until");
        var timestamps = ApiQuery.Bool(http, "timestamps");
        var entries = containers.Runtime.ReadLogsAsync(info.Config.Id, options, http.RequestAborted);
        http.Response.ContentType = RawStream.ContentType;
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted); // headers now: clients wait for them before going on
        await foreach (var entry in entries)
        {
            if (until is { } end && entry.Time > end)
                break;
            var text = timestamps ? EngineJson.Time(entry.Time) + " " + entry.Message : entry.Message;
            await MultiplexedStream.WriteFrameAsync(http.Response.Body, MultiplexedStream.StreamOf(entry.Stream), text, http.RequestAborted);
        }
    }

    /// <summary>
    /// The hijacked connection's input becomes the container's stdin (docker run -i); when it ends, a stdin-once
    /// container's stdin is closed, so `cat` and friends see EOF.
    /// </summary>
    private static async Task RelayStdinAsync(Stream connection, ContainerRuntime runtime, string id, bool stdinOnce)
    {
        try
        {
            await using (var stdin = runtime.OpenStdin(id))
                await connection.CopyToAsync(stdin);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or Swarm.Api.Errors.SwarmException)
        {
            // the client or the container went away
        }

        if (stdinOnce)
        {
            try
            {
                await runtime.CloseStdinAsync(id, CancellationToken.None);
            }
            catch (Exception e) when (e is Swarm.Api.Errors.SwarmException or IOException or Runtime.Supervision.SupervisorLostException)
            {
                // removed meanwhile
            }
        }
    }

    /// <summary>
    /// Attaching before start, as `docker run` does, streams the run from its first line; attaching to a running
    /// container streams what it writes from now on. The stream ends when the container exits. With `stdin=1` on a
    /// container made with -i, the client's input goes to its stdin.
    /// </summary>
    private static async Task AttachAsync(HttpContext http, string id)
    {
        var containers = http.RequestServices.GetRequiredService<EngineContainers>();
        var info = containers.Resolve(id);
        var wantStream = ApiQuery.Bool(http, "stream");
        var replay = ApiQuery.Bool(http, "logs");
        var options = new LogReadOptions(Follow: wantStream, Stdout: ApiQuery.Bool(http, "stdout"), Stderr: ApiQuery.Bool(http, "stderr"));
        var containerId = info.Config.Id;
        using var attached = containers.Attach(containerId);
        var relayInput = ApiQuery.Bool(http, "stdin") && info.Config.OpenStdin;
        if (relayInput)
            UpgradeBodyConnection.ClientInput.Of(http)?.WantEnd(); // stdin's end is the container's EOF: let it through
        var output = await RawStream.OpenAsync(http);
        // After the upgrade the docker CLI half-closes its side (no stdin), which Kestrel reports as an aborted
        // request: keep writing until the container exits or a write fails.
        var cancellationToken = RawStream.OutputToken(http);
        try
        {
            var initial = info.State;
            if (wantStream && initial.Status != ContainerStatus.Running)
            {
                // Not running yet (`docker run`, `docker start -a`): wait for the run, then stream it from its
                // first line, skipping what earlier runs wrote.
                while (containers.Runtime.Inspect(containerId).State is var now
                       && now.Status != ContainerStatus.Running && now.FinishedAt == initial.FinishedAt)
                    await Task.Delay(StartPoll, cancellationToken);
                if (!replay && initial.FinishedAt is { } previousEnd)
                    options = options with { Since = previousEnd.AddTicks(1) };
            }
            else if (!replay)
            {
                options = options with { Tail = 0 };
            }

            if (relayInput && output.CanRead)
                _ = RelayStdinAsync(output, containers.Runtime, containerId, info.Config.StdinOnce);
            await foreach (var entry in containers.Runtime.ReadLogsAsync(containerId, options, cancellationToken))
                await MultiplexedStream.WriteFrameAsync(output, MultiplexedStream.StreamOf(entry.Stream), entry.Message, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // the client went away
        }
        finally
        {
            await output.FlushAsync(CancellationToken.None);
            await output.DisposeAsync();
        }
    }
}
