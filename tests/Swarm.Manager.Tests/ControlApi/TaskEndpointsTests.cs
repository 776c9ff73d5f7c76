using System.Net;
using System.Text.Json;
using Swarm.Api.Objects;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.Tests.ControlApi;

public sealed class TaskEndpointsTests
{
    [Fact]
    public async Task List_FilterByServiceNameNodeAndDesiredState()
    {
        await using var host = await ControlApiHost.StartAsync();
        var web = await host.CreateServiceAsync("web");
        var api = await host.CreateServiceAsync("api");
        await host.Store.UpdateAsync(tx =>
        {
            tx.Nodes.Create(ControlApiHost.NewNode("worker1xxxxxxxxxxxxxxxxxxx", "worker-1", NodeRole.Worker));
            tx.Tasks.Create(ServiceListTests.Task(web, 1, TaskState.Running, TaskState.Running, "worker1xxxxxxxxxxxxxxxxxxx"));
            tx.Tasks.Create(ServiceListTests.Task(web, 1, TaskState.Shutdown, TaskState.Shutdown, "worker1xxxxxxxxxxxxxxxxxxx"));
            tx.Tasks.Create(ServiceListTests.Task(api, 1, TaskState.Running, TaskState.Running, host.Local.NodeId));
        });

        var ofWeb = await host.GetJsonAsync<E.SwarmTask[]>("/v1.41/tasks?filters=" + Uri.EscapeDataString("""{"service":{"web":true}}"""));
        var running = await host.GetJsonAsync<E.SwarmTask[]>("/tasks?filters=" + Uri.EscapeDataString("""{"service":["web"],"desired-state":["running"]}"""));
        var onWorker = await host.GetJsonAsync<E.SwarmTask[]>("/tasks?filters=" + Uri.EscapeDataString("""{"node":["worker-1"]}"""));
        var unknownService = await host.GetJsonAsync<E.SwarmTask[]>("/tasks?filters=" + Uri.EscapeDataString("""{"service":["nope"]}"""));

        Assert.Equal(2, ofWeb.Length);
        Assert.All(ofWeb, t => Assert.Equal(web, t.ServiceID));
        Assert.Equal("running", Assert.Single(running).DesiredState);
        Assert.Equal(2, onWorker.Length);
        Assert.Empty(unknownService);
    }

    [Fact]
    public async Task Inspect_ShowsDockerTaskShape()
    {
        await using var host = await ControlApiHost.StartAsync();
        var web = await host.CreateServiceAsync("web");
        var task = ServiceListTests.Task(web, 2, TaskState.Running, TaskState.Running, host.Local.NodeId) with
        {
            Status = new SwarmTaskStatus { State = TaskState.Running, Message = "started", ContainerStatus = new ContainerStatus { ContainerId = "c1", Pid = 42 } },
        };
        await host.Store.UpdateAsync(tx => tx.Tasks.Create(task));

        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync($"/v1.41/tasks/{task.Id}"));
        var root = doc.RootElement;

        Assert.Equal(task.Id, root.GetProperty("ID").GetString());
        Assert.Equal(web, root.GetProperty("ServiceID").GetString());
        Assert.Equal(2, root.GetProperty("Slot").GetInt32());
        Assert.Equal(host.Local.NodeId, root.GetProperty("NodeID").GetString());
        Assert.Equal("running", root.GetProperty("Status").GetProperty("State").GetString());
        Assert.Equal(42, root.GetProperty("Status").GetProperty("ContainerStatus").GetProperty("PID").GetInt32());
        Assert.Equal("running", root.GetProperty("DesiredState").GetString());
        Assert.Equal("busybox", root.GetProperty("Spec").GetProperty("ContainerSpec").GetProperty("Image").GetString());
    }

    [Fact]
    public async Task Inspect_Unknown_Is404()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.Client.GetAsync("/tasks/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task List_BadDesiredState_Returns400()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.Client.GetAsync("/tasks?filters=" + Uri.EscapeDataString("""{"desired-state":["dancing"]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
