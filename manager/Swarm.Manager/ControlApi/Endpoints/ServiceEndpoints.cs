using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.ControlApi.Mapping;
using Swarm.Manager.ControlApi.Validation;
using Swarm.Store;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Endpoints;

/// <summary>
/// <c>/services</c>: create, list (filters, <c>?status=true</c>), inspect, update (<c>?version=</c>,
/// <c>rollback=previous</c>), delete. The API writes specs only; the orchestrator turns them into tasks.
/// </summary>
internal sealed class ServiceEndpoints(MemoryStore store)
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/services/create", HandlerResolution.With<ServiceEndpoints>((e, http) => e.CreateAsync(http)));
        routes.MapGet("/services", (HttpContext http) => http.Handler<ServiceEndpoints>().List(http));
        routes.MapGet("/services/{id}", (string id, HttpContext http) => http.Handler<ServiceEndpoints>().Inspect(id, http));
        routes.MapPost("/services/{id}/update", (string id, HttpContext http) => http.Handler<ServiceEndpoints>().UpdateAsync(id, http));
        routes.MapDelete("/services/{id}", (string id, HttpContext http) => http.Handler<ServiceEndpoints>().DeleteAsync(id));
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var body = await RequestReader.BodyAsync<E.ServiceSpec>(http);
        var spec = ServiceSpecReader.Read(body);
        if (spec.Name.Length == 0)
            spec = spec with { Name = GeneratedNames.Next() };
        ServiceSpecValidator.Validate(spec);
        var id = Ids.New();
        await store.UpdateAsync(tx =>
        {
            // Resolved inside the transaction: a secret removed meanwhile fails this write, not a later task.
            var resolved = ServiceReferences.Resolve(spec, tx);
            if (tx.Services.GetByName(resolved.Name) is not null)
                throw new NameConflictException("service", resolved.Name);
            tx.Services.Create(new Service { Id = id, Spec = resolved, SpecVersion = 1 });
        }, http.RequestAborted);
        return ApiResults.Created(new E.IdResponse { ID = id });
    }

    private IResult List(HttpContext http)
    {
        var filters = RequestReader.Filters(http).Allow("id", "name", "label", "mode");
        var withStatus = RequestReader.Flag(http, "status");
        var snapshot = store.Snapshot();
        var counter = withStatus ? new ServiceStatusCounter(snapshot) : null;
        var services = snapshot.Services.All()
            .Where(s => filters.MatchesPrefix("id", s.Id)
                && filters.MatchesPrefix("name", s.Spec.Name)
                && filters.MatchesLabels("label", s.Spec.Labels)
                && filters.Matches("mode", m => ModeWord(s.Spec.Mode) == m))
            .OrderBy(s => s.Spec.Name, StringComparer.Ordinal)
            .Select(s => ObjectWriter.Write(s, counter?.StatusOf(s)))
            .ToArray();
        return ApiResults.Json(services);
    }

    private IResult Inspect(string id, HttpContext http)
    {
        var snapshot = store.Snapshot();
        var service = snapshot.Services.Resolve(id) ?? throw NotFoundException.For("service", id);
        var status = RequestReader.Flag(http, "status") ? new ServiceStatusCounter(snapshot).StatusOf(service) : null;
        var shown = RequestReader.Flag(http, "insertDefaults") ? service with { Spec = SpecDefaults.Fill(service.Spec) } : service;
        return ApiResults.Json(ObjectWriter.Write(shown, status));
    }

    private async Task<IResult> UpdateAsync(string id, HttpContext http)
    {
        var version = RequestReader.Version(http);
        var rollback = http.Request.Query["rollback"].ToString();
        if (rollback is not ("" or "none" or "previous"))
            throw new InvalidSpecException($"unrecognized rollback option {rollback}");
        var body = await RequestReader.BodyAsync<E.ServiceSpec>(http);
        var requested = ServiceSpecReader.Read(body);
        var now = store.Snapshot();
        var current = now.Services.Resolve(id) ?? throw NotFoundException.For("service", id);
        if (rollback != "previous")
        {
            ServiceSpecValidator.Validate(requested);
            ServiceSpecValidator.CheckUpdate(current.Spec, requested);
        }
        await store.UpdateAsync(tx =>
        {
            var service = tx.Services.Get(current.Id) ?? throw NotFoundException.For("service", id);
            // The client's version, not the one read here: an update based on a stale read must fail.
            var based = service with { Meta = service.Meta with { Version = version } };
            tx.Services.Update(rollback == "previous" ? RolledBack(based, tx.Timestamp) : Updated(based, ServiceReferences.Resolve(requested, tx)));
        }, http.RequestAborted);
        return ApiResults.Json(new E.WarningsResponse());
    }

    /// <summary>A new spec: the old one becomes the rollback target and any paused update is cleared.</summary>
    private static Service Updated(Service service, ServiceSpec spec) => service with
    {
        PreviousSpec = service.Spec,
        Spec = spec,
        SpecVersion = NextSpecVersion(service, spec),
        UpdateStatus = null,
    };

    /// <summary>
    /// A new version (tasks get replaced) only when the tasks would differ, so scaling leaves running tasks alone
    /// as in Swarm; a job starts a new iteration on every update, as in Swarm. Defaults count as given: a client
    /// that read the spec with <c>insertDefaults</c> (docker-py's scale does) and sends it back changes no task.
    /// </summary>
    private static ulong NextSpecVersion(Service service, ServiceSpec next)
        => service.Spec.Mode.ReplicatedJob is not null || service.Spec.Mode.GlobalJob
           || !TaskSpecs.SameTasks(SpecDefaults.Fill(service.Spec), SpecDefaults.Fill(next))
            ? service.SpecVersion + 1
            : service.SpecVersion;

    /// <summary>Swaps spec and previous spec, as a manual rollback does in Swarm (one level of history).</summary>
    private static Service RolledBack(Service service, DateTimeOffset now) => service.PreviousSpec is null
        ? throw new InvalidSpecException($"service {service.Spec.Name} does not have a previous spec")
        : service with
        {
            Spec = service.PreviousSpec,
            PreviousSpec = service.Spec,
            SpecVersion = NextSpecVersion(service, service.PreviousSpec),
            UpdateStatus = new UpdateStatus { State = UpdateState.RollbackStarted, StartedAt = now, Message = "manually requested rollback" },
        };

    private async Task<IResult> DeleteAsync(string id)
    {
        await store.UpdateAsync(tx =>
        {
            var service = tx.Services.Resolve(id) ?? throw NotFoundException.For("service", id);
            tx.Services.Delete(service.Id);
        });
        return ApiResults.Ok();
    }

    private static string ModeWord(ServiceMode mode)
        => mode.Global ? "global" : mode.GlobalJob ? "global-job" : mode.ReplicatedJob is not null ? "replicated-job" : "replicated";
}
