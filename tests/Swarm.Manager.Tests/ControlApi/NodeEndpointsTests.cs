using System.Net;
using System.Text.Json;
using Swarm.Api.Objects;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.Tests.ControlApi;

public sealed class NodeEndpointsTests
{
    private const string WorkerId = "worker1xxxxxxxxxxxxxxxxxxx";

    [Fact]
    public async Task List_ShowsDockerShape_AndFiltersByRole()
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.Store.UpdateAsync(tx => tx.Nodes.Create(ControlApiHost.NewNode(WorkerId, "worker-1", NodeRole.Worker)));

        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync("/v1.41/nodes"));
        var workers = await host.GetJsonAsync<E.Node[]>("/nodes?filters=" + Uri.EscapeDataString("""{"role":["worker"]}"""));

        var manager = doc.RootElement.EnumerateArray().Single(n => n.GetProperty("ID").GetString() == host.Local.NodeId);
        Assert.Equal("manager", manager.GetProperty("Spec").GetProperty("Role").GetString());
        Assert.Equal("active", manager.GetProperty("Spec").GetProperty("Availability").GetString());
        Assert.Equal("ready", manager.GetProperty("Status").GetProperty("State").GetString());
        Assert.Equal("manager-1", manager.GetProperty("Description").GetProperty("Hostname").GetString());
        Assert.True(manager.GetProperty("ManagerStatus").GetProperty("Leader").GetBoolean());
        Assert.Equal("reachable", manager.GetProperty("ManagerStatus").GetProperty("Reachability").GetString());
        Assert.Equal(WorkerId, Assert.Single(workers).ID);
    }

    [Fact]
    public async Task Inspect_ByHostnameOrSelf()
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.Store.UpdateAsync(tx => tx.Nodes.Create(ControlApiHost.NewNode(WorkerId, "worker-1", NodeRole.Worker)));

        Assert.Equal(WorkerId, (await host.GetJsonAsync<E.Node>("/nodes/worker-1")).ID);
        Assert.Equal(host.Local.NodeId, (await host.GetJsonAsync<E.Node>("/nodes/self")).ID);
        using var missing = await host.Client.GetAsync("/nodes/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Update_AvailabilityAndLabels_WithVersion()
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.Store.UpdateAsync(tx => tx.Nodes.Create(ControlApiHost.NewNode(WorkerId, "worker-1", NodeRole.Worker)));
        var node = await host.GetJsonAsync<E.Node>($"/nodes/{WorkerId}");
        var spec = node.Spec with { Availability = "drain", Labels = new Dictionary<string, string> { ["zone"] = "a" } };

        using var response = await host.PostJsonAsync($"/v1.41/nodes/{WorkerId}/update?version={node.Version.Index}", spec);
        using var stale = await host.PostJsonAsync($"/v1.41/nodes/{WorkerId}/update?version={node.Version.Index}", spec with { Availability = "pause" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = host.Store.Snapshot().Nodes.Get(WorkerId)!;
        Assert.Equal(NodeAvailability.Drain, stored.Spec.Availability);
        Assert.Equal("a", stored.Spec.Labels["zone"]);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task Update_DemoteLastManagerOrBadWord_Returns400()
    {
        await using var host = await ControlApiHost.StartAsync();
        var node = await host.GetJsonAsync<E.Node>($"/nodes/{host.Local.NodeId}");

        using var demote = await host.PostJsonAsync($"/nodes/{node.ID}/update?version={node.Version.Index}", node.Spec with { Role = "worker" });
        using var bad = await host.PostJsonAsync($"/nodes/{node.ID}/update?version={node.Version.Index}", node.Spec with { Availability = "sleepy" });

        Assert.Equal(HttpStatusCode.BadRequest, demote.StatusCode);
        Assert.Contains("last manager", await ControlApiHost.MessageOf(demote), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Delete_ReadyWorkerNeedsForce_ManagerRefused_DownWorkerRemoved()
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.Store.UpdateAsync(tx =>
        {
            tx.Nodes.Create(ControlApiHost.NewNode(WorkerId, "worker-1", NodeRole.Worker));
            tx.Nodes.Create(ControlApiHost.NewNode("worker2xxxxxxxxxxxxxxxxxxx", "worker-2", NodeRole.Worker, state: NodeState.Down));
        });

        using var ready = await host.Client.DeleteAsync($"/nodes/{WorkerId}");
        using var manager = await host.Client.DeleteAsync($"/nodes/{host.Local.NodeId}?force=true");
        using var down = await host.Client.DeleteAsync("/nodes/worker-2");
        using var forced = await host.Client.DeleteAsync($"/nodes/{WorkerId}?force=1");

        Assert.Equal(HttpStatusCode.BadRequest, ready.StatusCode);
        Assert.Contains("is not down", await ControlApiHost.MessageOf(ready), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, manager.StatusCode);
        Assert.Contains("must be demoted", await ControlApiHost.MessageOf(manager), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Single(host.Store.Snapshot().Nodes.All());
        // Their certificates stay valid: the cluster lists them as removed until those expire.
        var removed = host.Store.Snapshot().Clusters.All().Single().RemovedNodes;
        Assert.Equal([WorkerId, "worker2xxxxxxxxxxxxxxxxxxx"], removed.Keys.Order(StringComparer.Ordinal));
        Assert.All(removed.Values, until => Assert.True(until > DateTimeOffset.UtcNow.AddDays(89)));
    }
}
