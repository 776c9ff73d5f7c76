using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MultiplexedFrames = Swarm.Api.EngineApi.MultiplexedFrames;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.ControlApi.Mapping;
using Swarm.Manager.LogBroker;
using Swarm.Store;

namespace Swarm.Manager.ControlApi.Endpoints;

/// <summary>
/// <c>/services/{id}/logs</c> and <c>/tasks/{id}/logs</c>: the tasks' output gathered from their nodes through the
/// log broker, in Docker's multiplexed frames (services here never have a TTY), one line per frame. Served by the
/// leader only (it holds every agent's session); a follower answers 503. What could not be read (a node down or
/// gone) is reported at the end as a daemon-error frame, as Docker does, after every line that could be read.
/// </summary>
internal sealed class LogEndpoints(MemoryStore store, TimeProvider time)
{
    private const string RawStream = "application/vnd.docker.raw-stream";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/services/{id}/logs", HandlerResolution.Streaming<LogEndpoints>((e, http) => e.ServiceLogsAsync(http)));
        routes.MapGet("/tasks/{id}/logs", HandlerResolution.Streaming<LogEndpoints>((e, http) => e.TaskLogsAsync(http)));
    }

    private Task ServiceLogsAsync(HttpContext http)
    {
        var query = LogQuery.Read(http);
        var id = (string)http.Request.RouteValues["id"]!;
        var snapshot = store.Snapshot();
        var service = snapshot.Services.Resolve(id) ?? throw NotFoundException.For("service", id);
        var tasks = snapshot.Tasks.All().Where(t => t.ServiceId == service.Id);
        return StreamAsync(http, tasks, query, new HashSet<string>(StringComparer.Ordinal) { service.Id });
    }

    private Task TaskLogsAsync(HttpContext http)
    {
        var query = LogQuery.Read(http);
        var id = (string)http.Request.RouteValues["id"]!;
        var task = store.Snapshot().Tasks.Resolve(id) ?? throw NotFoundException.For("task", id);
        return StreamAsync(http, [task], query, new HashSet<string>());
    }

    private async Task StreamAsync(HttpContext http, IEnumerable<SwarmTask> tasks, LogQuery query, IReadOnlySet<string> followedServices)
    {
        var broker = http.RequestServices.GetService<LogSubscriptions>();
        if (broker is null || !broker.IsServing)
        {
            throw ApiException.Unavailable(
                "logs are served by the swarm leader, which holds every node's session; this manager is not the leader: retry on the leader");
        }
        var selected = tasks.ToList();
        var serviceOf = selected.ToDictionary(t => t.Id, t => t.ServiceId, StringComparer.Ordinal);
        await using var subscription = await broker.SubscribeAsync(
            LogSelection.Of(selected, query.Options, query.Options.Follow ? followedServices : null), http.RequestAborted);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var following = query.Options.Follow && followedServices.Count > 0
            ? FollowedServiceTasks.RunAsync(store, broker, subscription, followedServices, time, stop.Token)
            : Task.CompletedTask;
        try
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = RawStream;
            await http.Response.StartAsync(http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted); // headers now: a follower waits for them
            var body = http.Response.Body;
            await foreach (var entry in subscription.ReadAllAsync(http.RequestAborted))
            {
                var line = LogLineFormat.Format(entry, ServiceOf(serviceOf, entry.TaskId), query.Timestamps, query.Details);
                await MultiplexedFrames.WriteAsync(body, entry.Stream, line, http.RequestAborted);
            }
            if (subscription.Warnings is { Count: > 0 } warnings)
            {
                var text = "Error grabbing logs: warning: incomplete log stream. some logs could not be retrieved for the following reasons: "
                    + string.Join(", ", warnings) + "\n";
                await MultiplexedFrames.WriteAsync(body, MultiplexedFrames.SystemError, System.Text.Encoding.UTF8.GetBytes(text), http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // the client went away
        }
        finally
        {
            await stop.CancelAsync();
            await following.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The task's service, for the details; a followed service's new tasks are not in the first snapshot.</summary>
    private string ServiceOf(Dictionary<string, string> known, string taskId)
    {
        if (!known.TryGetValue(taskId, out var serviceId))
            known[taskId] = serviceId = store.Snapshot().Tasks.Get(taskId)?.ServiceId ?? "";
        return serviceId;
    }
}
