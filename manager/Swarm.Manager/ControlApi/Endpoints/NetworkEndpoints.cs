using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.ControlApi.Mapping;
using Swarm.Manager.ControlApi.Validation;
using Swarm.Manager.Planning.Allocation;
using Swarm.Store;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Endpoints;

/// <summary>
/// <c>/networks</c>, swarm-scoped only: create overlay networks (the allocator gives subnet and VNI), list,
/// inspect, delete unless a service is attached. Local networks belong to the engine, not to the manager.
/// </summary>
internal sealed class NetworkEndpoints(MemoryStore store)
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/networks/create", HandlerResolution.With<NetworkEndpoints>((e, http) => e.CreateAsync(http)));
        routes.MapGet("/networks", (HttpContext http) => http.Handler<NetworkEndpoints>().List(http));
        routes.MapGet("/networks/{id}", (string id, HttpContext http) => http.Handler<NetworkEndpoints>().Inspect(id));
        routes.MapDelete("/networks/{id}", (string id, HttpContext http) => http.Handler<NetworkEndpoints>().DeleteAsync(id));
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        var body = await RequestReader.BodyAsync<E.NetworkCreateRequest>(http);
        var spec = Read(body);
        var id = Ids.New();
        await store.UpdateAsync(tx =>
        {
            if (spec.Ingress && tx.Networks.All().FirstOrDefault(n => n.Spec.Ingress) is { } ingress)
                throw new NameConflictException("ingress network", ingress.Spec.Name);
            tx.Networks.Create(new Network { Id = id, Spec = spec });
        }, http.RequestAborted);
        return ApiResults.Created(new E.NetworkCreateResponse { Id = id });
    }

    private static NetworkSpec Read(E.NetworkCreateRequest body)
    {
        NameRules.CheckNetwork(body.Name);
        var driver = body.Driver is null or "" ? "overlay" : body.Driver;
        if (driver != "overlay")
            throw new InvalidSpecException($"driver {driver} cannot be used for a swarm-scoped network: use -d overlay");
        if (body.Scope is { Length: > 0 } scope && scope != "swarm")
            throw new InvalidSpecException($"scope {scope} is not supported: a manager creates swarm-scoped networks only");
        if (body.EnableIPv6)
            throw new InvalidSpecException("IPv6 overlay networks are not supported");
        if (body.ConfigOnly)
            throw new InvalidSpecException("config-only networks are not supported");
        var pools = (body.IPAM?.Config ?? []).Select(p =>
        {
            if (string.IsNullOrEmpty(p.Subnet))
                throw new InvalidSpecException("IPAM: a subnet is required for every pool");
            var subnet = Ipv4Subnet.Parse(p.Subnet);
            if (p.Gateway is { Length: > 0 } gateway && !subnet.Contains(Ipv4Subnet.ParseAddress(gateway)))
                throw new InvalidSpecException($"gateway {gateway} is not in subnet {p.Subnet}");
            if (p.IPRange is { Length: > 0 } range && !subnet.Overlaps(Ipv4Subnet.Parse(range)))
                throw new InvalidSpecException($"ip range {range} is not in subnet {p.Subnet}");
            return new IpamConfig
            {
                Subnet = p.Subnet,
                Gateway = p.Gateway is { Length: > 0 } g ? g : null,
                IpRange = p.IPRange is { Length: > 0 } r ? r : null,
            };
        }).ToArray();
        return new NetworkSpec
        {
            Name = body.Name,
            Labels = body.Labels ?? Empty.Labels,
            Driver = driver,
            Attachable = body.Attachable,
            Internal = body.Internal,
            Ingress = body.Ingress,
            IpamConfigs = pools,
            DriverOptions = body.Options ?? Empty.Labels,
        };
    }

    private IResult List(HttpContext http)
    {
        var filters = RequestReader.Filters(http).Allow("driver", "id", "label", "name", "scope", "type", "dangling");
        var snapshot = store.Snapshot();
        var used = filters.Get("dangling").Count > 0
            ? snapshot.Services.All().SelectMany(s => s.Spec.TaskTemplate.Networks.Select(n => n.Target)).ToHashSet(StringComparer.Ordinal)
            : [];
        var networks = snapshot.Networks.All()
            .Where(n => filters.MatchesExact("driver", n.Spec.Driver)
                && filters.MatchesPrefix("id", n.Id)
                && filters.Matches("name", v => n.Spec.Name.Contains(v, StringComparison.Ordinal))
                && filters.MatchesLabels("label", n.Spec.Labels)
                && filters.MatchesExact("scope", "swarm")
                && filters.MatchesExact("type", "custom")
                && filters.Matches("dangling", d => (d is "true" or "1") != (used.Contains(n.Id) || n.Spec.Ingress)))
            .OrderBy(n => n.Spec.Name, StringComparer.Ordinal)
            .Select(ObjectWriter.Write)
            .ToArray();
        return ApiResults.Json(networks);
    }

    private IResult Inspect(string id)
        => ApiResults.Json(ObjectWriter.Write(store.Snapshot().Networks.Resolve(id) ?? throw NotFoundException.For("network", id)));

    private async Task<IResult> DeleteAsync(string id)
    {
        await store.UpdateAsync(tx =>
        {
            var network = tx.Networks.Resolve(id) ?? throw NotFoundException.For("network", id);
            var users = tx.Services.All()
                .Where(s => network.Spec.Ingress
                    ? s.Spec.EndpointSpec?.Ports.Any(p => p.PublishMode == PublishMode.Ingress) == true
                    : s.Spec.TaskTemplate.Networks.Any(n => n.Target == network.Id))
                .Select(s => s.Spec.Name).ToList();
            if (users.Count > 0)
                throw new InvalidSpecException($"network {network.Spec.Name} is in use by service {string.Join(", ", users)}");
            tx.Networks.Delete(network.Id);
        });
        return Results.NoContent();
    }
}
