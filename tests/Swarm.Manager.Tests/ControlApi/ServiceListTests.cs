using System.Net;
using Swarm.Api.Objects;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.Tests.ControlApi;

public sealed class ServiceListTests
{
    [Fact]
    public async Task List_NoFilters_ReturnsAllSortedByName()
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.CreateServiceAsync("web");
        await host.CreateServiceAsync("api");

        var services = await host.GetJsonAsync<E.Service[]>("/v1.41/services");

        Assert.Equal(["api", "web"], services.Select(s => s.Spec.Name));
        Assert.All(services, s => Assert.Null(s.ServiceStatus));
    }

    [Theory]
    [InlineData("""{"name":["we"]}""", "web")]
    [InlineData("""{"name":{"api":true}}""", "api")]
    [InlineData("""{"mode":["global"]}""", "agent")]
    [InlineData("""{"label":["tier=back"]}""", "api")]
    [InlineData("""{"label":["tier"],"name":["web"]}""", "web")]
    public async Task List_Filters_SelectServices(string filters, string expected)
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.PostJsonAsync("/services/create", ControlApiHost.Spec("web") with { Labels = new Dictionary<string, string> { ["tier"] = "front" } });
        await host.PostJsonAsync("/services/create", ControlApiHost.Spec("api") with { Labels = new Dictionary<string, string> { ["tier"] = "back" } });
        await host.PostJsonAsync("/services/create", ControlApiHost.Spec("agent") with { Mode = new E.ServiceMode { Global = new E.GlobalService() } });

        var services = await host.GetJsonAsync<E.Service[]>("/v1.41/services?filters=" + Uri.EscapeDataString(filters));

        Assert.Equal(expected, Assert.Single(services).Spec.Name);
    }

    [Fact]
    public async Task List_FilterById_MatchesPrefix()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web");
        await host.CreateServiceAsync("api");

        var services = await host.GetJsonAsync<E.Service[]>("/services?filters=" + Uri.EscapeDataString($$"""{"id":["{{id[..6]}}"]}"""));

        Assert.Equal(id, Assert.Single(services).ID);
    }

    [Fact]
    public async Task List_UnknownFilter_Returns400()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.Client.GetAsync("/services?filters=" + Uri.EscapeDataString("""{"colour":["red"]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid filter 'colour'", await ControlApiHost.MessageOf(response));
    }

    [Fact]
    public async Task List_WithStatus_CountsRunningAndDesiredTasks()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web", 3);
        await host.Store.UpdateAsync(tx =>
        {
            tx.Tasks.Create(Task(id, 1, TaskState.Running, TaskState.Running));
            tx.Tasks.Create(Task(id, 2, TaskState.Running, TaskState.Running));
            tx.Tasks.Create(Task(id, 3, TaskState.Preparing, TaskState.Running));
            tx.Tasks.Create(Task(id, 3, TaskState.Running, TaskState.Shutdown));
        });

        var service = Assert.Single(await host.GetJsonAsync<E.Service[]>("/v1.41/services?status=true"));

        Assert.Equal(2UL, service.ServiceStatus!.RunningTasks);
        Assert.Equal(3UL, service.ServiceStatus.DesiredTasks);
        Assert.Equal(0UL, service.ServiceStatus.CompletedTasks);
    }

    [Fact]
    public async Task Inspect_WithStatus_GlobalCountsNodesAndJobsCountCompletions()
    {
        await using var host = await ControlApiHost.StartAsync();
        using var global = await host.PostJsonAsync("/services/create", ControlApiHost.Spec("agent") with { Mode = new E.ServiceMode { Global = new E.GlobalService() } });
        using var job = await host.PostJsonAsync("/services/create", ControlApiHost.Spec("batch") with
        {
            Mode = new E.ServiceMode { ReplicatedJob = new E.ReplicatedJob { MaxConcurrent = 2, TotalCompletions = 5 } },
        });
        var agent = host.Store.Snapshot().Services.GetByName("agent")!.Id;
        var batch = host.Store.Snapshot().Services.GetByName("batch")!.Id;
        await host.Store.UpdateAsync(tx =>
        {
            tx.Nodes.Create(ControlApiHost.NewNode("downnodexxxxxxxxxxxxxxxxx", "down-1", NodeRole.Worker, state: NodeState.Down));
            tx.Tasks.Create(Task(agent, 0, TaskState.Running, TaskState.Running, host.Local.NodeId));
            tx.Tasks.Create(Task(agent, 0, TaskState.Assigned, TaskState.Running, "downnodexxxxxxxxxxxxxxxxx"));
            tx.Tasks.Create(Task(batch, 1, TaskState.Complete, TaskState.Complete) with { JobIteration = 1 });
            tx.Tasks.Create(Task(batch, 2, TaskState.Complete, TaskState.Complete) with { JobIteration = 1 });
            tx.Tasks.Create(Task(batch, 3, TaskState.Complete, TaskState.Complete) with { JobIteration = 1 });
            tx.Tasks.Create(Task(batch, 4, TaskState.Running, TaskState.Complete) with { JobIteration = 1 });
        });

        var agentStatus = (await host.GetJsonAsync<E.Service>("/services/agent?status=true")).ServiceStatus!;
        var batchService = await host.GetJsonAsync<E.Service>("/services/batch?status=true");

        Assert.Equal((1UL, 1UL), (agentStatus.RunningTasks, agentStatus.DesiredTasks));
        Assert.Equal(3UL, batchService.ServiceStatus!.CompletedTasks);
        Assert.Equal(2UL, batchService.ServiceStatus.DesiredTasks);
        Assert.Equal(1UL, batchService.JobStatus!.JobIteration.Index);
        Assert.Equal(5UL, batchService.Spec.Mode!.ReplicatedJob!.TotalCompletions);
    }

    [Fact]
    public async Task Inspect_InsertDefaults_ShowsSwarmDefaultsWithoutStoringThem()
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.CreateServiceAsync("web");

        var plain = await host.GetJsonAsync<E.Service>("/services/web");
        var filled = await host.GetJsonAsync<E.Service>("/v1.41/services/web?insertDefaults=true");

        Assert.Null(plain.Spec.UpdateConfig);
        Assert.Equal(1UL, filled.Spec.UpdateConfig!.Parallelism);
        Assert.Equal("pause", filled.Spec.UpdateConfig.FailureAction);
        Assert.Equal(5_000_000_000, filled.Spec.UpdateConfig.Monitor);
        Assert.Equal("stop-first", filled.Spec.RollbackConfig!.Order);
        Assert.Equal("any", filled.Spec.TaskTemplate!.RestartPolicy!.Condition);
        Assert.Equal(5_000_000_000, filled.Spec.TaskTemplate.RestartPolicy.Delay);
        Assert.Equal(10_000_000_000, filled.Spec.TaskTemplate.ContainerSpec!.StopGracePeriod);
        Assert.Null(host.Store.Snapshot().Services.GetByName("web")!.Spec.UpdateConfig);
    }

    [Fact]
    public async Task Inspect_ByNameOrPrefix_FindsIt_UnknownIs404()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web");

        Assert.Equal(id, (await host.GetJsonAsync<E.Service>("/services/web")).ID);
        Assert.Equal(id, (await host.GetJsonAsync<E.Service>($"/services/{id[..5]}")).ID);
        using var missing = await host.Client.GetAsync("/v1.41/services/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("service nope not found", await ControlApiHost.MessageOf(missing));
    }

    internal static SwarmTask Task(string serviceId, ulong slot, TaskState state, TaskState desired, string node = "") => new()
    {
        Id = Ids.New(),
        ServiceId = serviceId,
        ServiceName = "web",
        Slot = slot,
        NodeId = node,
        SpecVersion = 1,
        DesiredState = desired,
        Status = new SwarmTaskStatus { State = state, Message = state.ToString().ToLowerInvariant() },
        Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Image = "busybox" } },
    };
}
