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
/// <c>/secrets</c>: create (≤ 500 KB), list, inspect (never the data), update of labels only, delete unless a
/// service uses it.
/// </summary>
internal sealed class SecretEndpoints(MemoryStore store, Security.ISecretProtector protector)
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/secrets/create", HandlerResolution.With<SecretEndpoints>((e, http) => e.CreateAsync(http)));
        routes.MapGet("/secrets", (HttpContext http) => http.Handler<SecretEndpoints>().List(http));
        routes.MapGet("/secrets/{id}", (string id, HttpContext http) => http.Handler<SecretEndpoints>().Inspect(id));
        routes.MapPost("/secrets/{id}/update", (string id, HttpContext http) => http.Handler<SecretEndpoints>().UpdateAsync(id, http));
        routes.MapDelete("/secrets/{id}", (string id, HttpContext http) => http.Handler<SecretEndpoints>().DeleteAsync(id));
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var body = await RequestReader.BodyAsync<E.SecretSpec>(http);
        var name = body.Name ?? "";
        NameRules.CheckObject("secret", name);
        var data = body.Data ?? [];
        var driver = body.Driver?.Name is { Length: > 0 } d ? d : null;
        // A secret from an external driver carries no data of its own.
        if (driver is null && (data.Length == 0 || data.Length > Secret.MaxSize))
            throw new InvalidSpecException("secret data must be larger than 0 and less than 500KB");
        var id = Ids.New();
        // Sealed before it reaches the store: the Raft log and snapshots never hold the plain data.
        var secret = protector.Seal(new Secret
        {
            Id = id,
            Spec = new SecretSpec { Name = name, Labels = body.Labels ?? Empty.Labels, Data = data, Driver = driver },
        });
        await store.UpdateAsync(tx => tx.Secrets.Create(secret), http.RequestAborted);
        return ApiResults.Created(new E.IdResponse { ID = id });
    }

    private IResult List(HttpContext http)
    {
        var filters = RequestReader.Filters(http).Allow(PayloadObjectRules.Filters);
        var secrets = store.Snapshot().Secrets.All()
            .Where(s => PayloadObjectRules.Matches(filters, s.Id, s.Spec.Name, s.Spec.Labels))
            .Select(ObjectWriter.Write)
            .ToArray();
        return ApiResults.Json(secrets);
    }

    private IResult Inspect(string id)
        => ApiResults.Json(ObjectWriter.Write(store.Snapshot().Secrets.Resolve(id) ?? throw NotFoundException.For("secret", id)));

    private async Task<IResult> UpdateAsync(string id, HttpContext http)
    {
        var version = RequestReader.Version(http);
        var body = await RequestReader.BodyAsync<E.SecretSpec>(http);
        await store.UpdateAsync(tx =>
        {
            var secret = tx.Secrets.Resolve(id) ?? throw NotFoundException.For("secret", id);
            PayloadObjectRules.CheckOnlyLabelsChange(body.Name, body.Data, secret.Spec.Name, protector.Open(secret).Spec.Data);
            tx.Secrets.Update(secret with
            {
                Meta = secret.Meta with { Version = version },
                Spec = secret.Spec with { Labels = body.Labels ?? Empty.Labels },
            });
        }, http.RequestAborted);
        return ApiResults.Ok();
    }

    private async Task<IResult> DeleteAsync(string id)
    {
        await store.UpdateAsync(tx =>
        {
            var secret = tx.Secrets.Resolve(id) ?? throw NotFoundException.For("secret", id);
            var users = tx.Services.All()
                .Where(s => s.Spec.TaskTemplate.ContainerSpec.Secrets.Any(f => f.ObjectId == secret.Id))
                .Select(s => s.Spec.Name).ToList();
            PayloadObjectRules.CheckNotInUse("secret", secret.Spec.Name, users);
            tx.Secrets.Delete(secret.Id);
        });
        return Results.NoContent();
    }
}
