using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.ControlApi.Mapping;
using Swarm.Store;
using Swarm.Store.Transactions;

namespace Swarm.Manager.ControlApi.Endpoints;

/// <summary><c>/tasks</c>: list with Docker's filters, inspect. Tasks are read-only through the API.</summary>
internal sealed class TaskEndpoints(MemoryStore store)
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/tasks", (HttpContext http) => http.Handler<TaskEndpoints>().List(http));
        routes.MapGet("/tasks/{id}", (string id, HttpContext http) => http.Handler<TaskEndpoints>().Inspect(id));
    }

    private IResult List(HttpContext http)
    {
        var filters = RequestReader.Filters(http).Allow("id", "name", "label", "service", "node", "desired-state", "_up-to-date", "runtime");
        var snapshot = store.Snapshot();
        // Services and nodes may be named by id, name or id prefix; one that matches nothing matches no task.
        var services = filters.Get("service").Select(s => snapshot.Services.Resolve(s)?.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var nodes = filters.Get("node").Select(n => NodeEndpoints.Resolve(snapshot, n)?.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var states = filters.Get("desired-state").Select(DesiredState).ToHashSet();
        var upToDate = filters.Get("_up-to-date").Count > 0;
        var tasks = snapshot.Tasks.All()
            .Where(t => filters.MatchesPrefix("id", t.Id)
                && filters.MatchesPrefix("name", NameOf(t))
                && filters.MatchesLabels("label", LabelsOf(t, snapshot))
                && filters.Matches("service", _ => services.Contains(t.ServiceId))
                && filters.Matches("node", _ => nodes.Contains(t.NodeId))
                && filters.Matches("desired-state", _ => states.Contains(t.DesiredState))
                && filters.Matches("runtime", r => r == "container")
                && (!upToDate || IsUpToDate(t, snapshot)))
            .Select(t => ObjectWriter.Write(t, snapshot.Networks.Get))
            .ToArray();
        return ApiResults.Json(tasks);
    }

    private IResult Inspect(string id)
    {
        var snapshot = store.Snapshot();
        var task = snapshot.Tasks.Resolve(id) ?? throw NotFoundException.For("task", id);
        return ApiResults.Json(ObjectWriter.Write(task, snapshot.Networks.Get));
    }

    /// <summary>A task carries its service's labels (Swarm's ServiceAnnotations), as <c>stack ps</c> filters on.</summary>
    private static IReadOnlyDictionary<string, string> LabelsOf(SwarmTask task, ReadTransaction snapshot)
    {
        var service = snapshot.Services.Get(task.ServiceId)?.Spec.Labels;
        if (service is not { Count: > 0 })
            return task.Spec.ContainerSpec.Labels;
        return task.Spec.ContainerSpec.Labels.Concat(service).DistinctBy(kv => kv.Key).ToDictionary();
    }

    /// <summary>Docker's task name: service.slot (replicated) or service.node (global).</summary>
    private static string NameOf(SwarmTask task)
        => $"{task.ServiceName}.{(task.Slot != 0 ? task.Slot.ToString(System.Globalization.CultureInfo.InvariantCulture) : task.NodeId)}";

    /// <summary>Swarm's "_up-to-date": the task runs the service's current task spec.</summary>
    private static bool IsUpToDate(SwarmTask task, ReadTransaction snapshot)
        => snapshot.Services.Get(task.ServiceId) is { } service
            && (service.SpecVersion == task.SpecVersion || TaskSpecs.Same(service.Spec.TaskTemplate, task.Spec));

    /// <summary>Docker accepts running, shutdown and accepted here (accepted meaning "not yet running").</summary>
    private static TaskState DesiredState(string word) => word switch
    {
        "running" => TaskState.Running,
        "shutdown" => TaskState.Shutdown,
        "accepted" => TaskState.Accepted,
        "complete" => TaskState.Complete,
        "remove" => TaskState.Remove,
        "ready" => TaskState.Ready,
        _ => throw new InvalidSpecException($"invalid desired-state filter '{word}': use running, shutdown or accepted"),
    };
}
