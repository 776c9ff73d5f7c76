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
/// <c>/configs</c>: create (≤ 1000 KB), list, inspect (with the data), update of labels only, delete unless a
/// service uses it.
/// </summary>
internal sealed class ConfigEndpoints(MemoryStore store)
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/configs/create", HandlerResolution.With<ConfigEndpoints>((e, http) => e.CreateAsync(http)));
        routes.MapGet("/configs", (HttpContext http) => http.Handler<ConfigEndpoints>().List(http));
        routes.MapGet("/configs/{id}", (string id, HttpContext http) => http.Handler<ConfigEndpoints>().Inspect(id));
        routes.MapPost("/configs/{id}/update", (string id, HttpContext http) => http.Handler<ConfigEndpoints>().UpdateAsync(id, http));
        routes.MapDelete("/configs/{id}", (string id, HttpContext http) => http.Handler<ConfigEndpoints>().DeleteAsync(id));
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var body = await RequestReader.BodyAsync<E.ConfigSpec>(http);
        var name = body.Name ?? "";
        NameRules.CheckObject("config", name);
        var data = body.Data ?? [];
        if (data.Length == 0 || data.Length > Config.MaxSize)
            throw new InvalidSpecException("config data must be larger than 0 and less than 1000KB");
        var id = Ids.New();
        await store.UpdateAsync(tx => tx.Configs.Create(new Config
        {
            Id = id,
            Spec = new ConfigSpec { Name = name, Labels = body.Labels ?? Empty.Labels, Data = data },
        }), http.RequestAborted);
        return ApiResults.Created(new E.IdResponse { ID = id });
    }

    private IResult List(HttpContext http)
    {
        var filters = RequestReader.Filters(http).Allow(PayloadObjectRules.Filters);
        var configs = store.Snapshot().Configs.All()
            .Where(c => PayloadObjectRules.Matches(filters, c.Id, c.Spec.Name, c.Spec.Labels))
            .Select(ObjectWriter.Write)
            .ToArray();
        return ApiResults.Json(configs);
    }

    private IResult Inspect(string id)
        => ApiResults.Json(ObjectWriter.Write(store.Snapshot().Configs.Resolve(id) ?? throw NotFoundException.For("config", id)));

    private async Task<IResult> UpdateAsync(string id, HttpContext http)
    {
        var version = RequestReader.Version(http);
        var body = await RequestReader.BodyAsync<E.ConfigSpec>(http);
        await store.UpdateAsync(tx =>
        {
            var config = tx.Configs.Resolve(id) ?? throw NotFoundException.For("config", id);
            PayloadObjectRules.CheckOnlyLabelsChange(body.Name, body.Data, config.Spec.Name, config.Spec.Data);
            tx.Configs.Update(config with
            {
                Meta = config.Meta with { Version = version },
                Spec = config.Spec with { Labels = body.Labels ?? Empty.Labels },
            });
        }, http.RequestAborted);
        return ApiResults.Ok();
    }

    private async Task<IResult> DeleteAsync(string id)
    {
        await store.UpdateAsync(tx =>
        {
            var config = tx.Configs.Resolve(id) ?? throw NotFoundException.For("config", id);
            var users = tx.Services.All()
                .Where(s => s.Spec.TaskTemplate.ContainerSpec.Configs.Any(f => f.ObjectId == config.Id))
                .Select(s => s.Spec.Name).ToList();
            PayloadObjectRules.CheckNotInUse("config", config.Spec.Name, users);
            tx.Configs.Delete(config.Id);
        });
        return Results.NoContent();
    }
}
