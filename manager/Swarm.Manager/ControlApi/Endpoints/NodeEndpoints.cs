using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.ControlApi.Mapping;
using Swarm.Store;
using Swarm.Store.Transactions;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Endpoints;

/// <summary>
/// <c>/nodes</c>: list (filters), inspect (id, hostname or id prefix), update of the operator's spec (role,
/// availability, labels, name) with <c>?version=</c>, delete. Role changes only set the desired role; the
/// membership side acts on it.
/// </summary>
internal sealed class NodeEndpoints(MemoryStore store, ILocalNode local, ILeadership? leadership = null)
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/nodes", (HttpContext http) => http.Handler<NodeEndpoints>().List(http));
        routes.MapGet("/nodes/{id}", (string id, HttpContext http) => http.Handler<NodeEndpoints>().Inspect(id));
        routes.MapPost("/nodes/{id}/update", (string id, HttpContext http) => http.Handler<NodeEndpoints>().UpdateAsync(id, http));
        routes.MapDelete("/nodes/{id}", (string id, HttpContext http) => http.Handler<NodeEndpoints>().DeleteAsync(id, http));
    }

    /// <summary>Id, then unique hostname (or spec name), then unambiguous id prefix.</summary>
    public static Node? Resolve(ReadTransaction snapshot, string idOrName)
    {
        if (snapshot.Nodes.Get(idOrName) is { } byId)
            return byId;
        var named = snapshot.Nodes.All()
            .Where(n => n.Description?.Hostname == idOrName || n.Spec.Name == idOrName).Take(2).ToList();
        if (named.Count == 1)
            return named[0];
        if (named.Count > 1)
            throw new InvalidSpecException($"node {idOrName} is ambiguous ({named.Count}+ matches found)");
        return snapshot.Nodes.Resolve(idOrName);
    }

    private IResult List(HttpContext http)
    {
        var filters = RequestReader.Filters(http).Allow("id", "label", "node.label", "membership", "name", "role");
        var nodes = store.Snapshot().Nodes.All()
            .Where(n => filters.MatchesPrefix("id", n.Id)
                && filters.Matches("name", v => (n.Spec.Name ?? "").StartsWith(v, StringComparison.Ordinal)
                    || (n.Description?.Hostname ?? "").StartsWith(v, StringComparison.Ordinal))
                && filters.MatchesLabels("label", n.Description?.EngineLabels)
                && filters.MatchesLabels("node.label", n.Spec.Labels)
                && filters.Matches("role", r => EngineWords.Of(n.Role) == r || EngineWords.Of(n.Spec.DesiredRole) == r)
                // Every node in our store has been accepted: Swarm's "pending" membership has no counterpart.
                && filters.Matches("membership", m => m == "accepted"))
            .Select(n => ObjectWriter.Write(n, leadership))
            .ToArray();
        return ApiResults.Json(nodes);
    }

    private IResult Inspect(string id)
    {
        var resolved = id == "self" ? store.Snapshot().Nodes.Get(local.NodeId) : Resolve(store.Snapshot(), id);
        return ApiResults.Json(ObjectWriter.Write(resolved ?? throw NotFoundException.For("node", id), leadership));
    }

    private async Task<IResult> UpdateAsync(string id, HttpContext http)
    {
        var version = RequestReader.Version(http);
        var body = await RequestReader.BodyAsync<E.NodeSpec>(http);
        var nodeId = (Resolve(store.Snapshot(), id) ?? throw NotFoundException.For("node", id)).Id;
        await store.UpdateAsync(tx =>
        {
            var node = tx.Nodes.Get(nodeId) ?? throw NotFoundException.For("node", id);
            var spec = new NodeSpec
            {
                Name = body.Name is { Length: > 0 } name ? name : null,
                Labels = body.Labels ?? Empty.Labels,
                DesiredRole = EngineWords.RoleFrom(body.Role, node.Spec.DesiredRole),
                Availability = EngineWords.AvailabilityFrom(body.Availability, node.Spec.Availability),
            };
            if (node.Spec.DesiredRole == NodeRole.Manager && spec.DesiredRole == NodeRole.Worker
                && tx.Nodes.All().Count(n => n.Spec.DesiredRole == NodeRole.Manager) == 1)
                throw new InvalidSpecException("attempting to demote the last manager of the swarm");
            tx.Nodes.Update(node with { Meta = node.Meta with { Version = version }, Spec = spec });
        }, http.RequestAborted);
        return ApiResults.Ok();
    }

    private async Task<IResult> DeleteAsync(string id, HttpContext http)
    {
        var force = RequestReader.Flag(http, "force");
        await store.UpdateAsync(tx =>
        {
            var node = Resolve(tx, id) ?? throw NotFoundException.For("node", id);
            if (node.Spec.DesiredRole == NodeRole.Manager || node.Role == NodeRole.Manager)
            {
                throw new InvalidSpecException(
                    $"node {node.Id} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal");
            }
            if (!force && node.Status.State == NodeState.Ready)
                throw new InvalidSpecException($"node {node.Id} is not down and can't be removed");
            tx.Nodes.Delete(node.Id);
            if (tx.Clusters.All().FirstOrDefault() is { } cluster)
                tx.Clusters.Update(cluster with { RemovedNodes = Membership.RemovedNodes.With(cluster, node.Id, tx.Timestamp) });
        }, http.RequestAborted);
        return ApiResults.Ok();
    }
}
