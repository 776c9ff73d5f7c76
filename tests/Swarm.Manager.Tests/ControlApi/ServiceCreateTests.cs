using System.Net;
using System.Text.Json;
using Swarm.Api.Objects;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.Tests.ControlApi;

public sealed class ServiceCreateTests
{
    [Fact]
    public async Task Create_ValidSpec_Returns201AndStoresTheService()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.PostJsonAsync("/v1.41/services/create", ControlApiHost.Spec("web", 3));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = doc.RootElement.GetProperty("ID").GetString()!;
        Assert.Equal(Ids.Length, id.Length);
        var stored = host.Store.Snapshot().Services.Get(id)!;
        Assert.Equal("web", stored.Spec.Name);
        Assert.Equal(3UL, stored.Spec.Mode.Replicated!.Replicas);
        Assert.Equal("busybox", stored.Spec.TaskTemplate.ContainerSpec.Image);
        Assert.Equal(["sleep", "1000"], stored.Spec.TaskTemplate.ContainerSpec.Args!);
    }

    [Fact]
    public async Task Inspect_ShowsDockerShape()
    {
        await using var host = await ControlApiHost.StartAsync();
        var id = await host.CreateServiceAsync("web", 2);

        using var doc = JsonDocument.Parse(await host.Client.GetStringAsync($"/v1.41/services/{id}"));
        var root = doc.RootElement;

        Assert.Equal(id, root.GetProperty("ID").GetString());
        Assert.True(root.GetProperty("Version").GetProperty("Index").GetUInt64() > 0);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", root.GetProperty("CreatedAt").GetString());
        var spec = root.GetProperty("Spec");
        Assert.Equal("web", spec.GetProperty("Name").GetString());
        Assert.Equal(2, spec.GetProperty("Mode").GetProperty("Replicated").GetProperty("Replicas").GetInt32());
        Assert.Equal("busybox", spec.GetProperty("TaskTemplate").GetProperty("ContainerSpec").GetProperty("Image").GetString());
        Assert.Equal("vip", root.GetProperty("Endpoint").GetProperty("Spec").GetProperty("Mode").GetString());
        Assert.False(root.TryGetProperty("PreviousSpec", out _));
    }

    [Fact]
    public async Task Create_DockerCliBody_ReadsDurationsWordsAndReferences()
    {
        await using var host = await ControlApiHost.StartAsync();
        using var secret = await host.PostJsonAsync("/secrets/create", new E.SecretSpec { Name = "pw", Data = [1, 2, 3] });
        var secretId = JsonDocument.Parse(await secret.Content.ReadAsStringAsync()).RootElement.GetProperty("ID").GetString();
        const string body = """
            {"Name":"api","Labels":{"tier":"front"},
             "TaskTemplate":{"ContainerSpec":{"Image":"nginx:1.27","Env":["A=1"],"StopGracePeriod":20000000000,"Isolation":"default",
               "Secrets":[{"File":{"Name":"pw","UID":"0","GID":"0","Mode":292},"SecretID":"SECRET","SecretName":"pw"}]},
               "Resources":{"Limits":{"NanoCPUs":500000000,"MemoryBytes":67108864},"Reservations":{}},
               "RestartPolicy":{"Condition":"on-failure","Delay":2000000000,"MaxAttempts":3},
               "Placement":{"Constraints":["node.role==worker"],"Preferences":[{"Spread":{"SpreadDescriptor":"node.labels.zone"}}]},
               "ForceUpdate":0,"Runtime":"container"},
             "Mode":{"Replicated":{"Replicas":2}},
             "UpdateConfig":{"Parallelism":2,"Delay":1000000000,"FailureAction":"rollback","Monitor":5000000000,"MaxFailureRatio":0.2,"Order":"start-first"},
             "EndpointSpec":{"Mode":"vip","Ports":[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"ingress"}]}}
            """;

        using var response = await host.Client.PostAsync("/v1.41/services/create",
            new StringContent(body.Replace("SECRET", secretId, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spec = host.Store.Snapshot().Services.GetByName("api")!.Spec;
        Assert.Equal(TimeSpan.FromSeconds(20), spec.TaskTemplate.ContainerSpec.StopGracePeriod);
        Assert.Equal(RestartCondition.OnFailure, spec.TaskTemplate.RestartPolicy!.Condition);
        Assert.Equal(TimeSpan.FromSeconds(2), spec.TaskTemplate.RestartPolicy.Delay);
        Assert.Equal(500_000_000, spec.TaskTemplate.Resources!.Limits!.NanoCpus);
        Assert.Equal(["node.labels.zone"], spec.TaskTemplate.Placement!.SpreadPreferences);
        Assert.Equal(FailureAction.Rollback, spec.UpdateConfig!.FailureAction);
        Assert.Equal(UpdateOrder.StartFirst, spec.UpdateConfig.Order);
        Assert.Equal(8080U, Assert.Single(spec.EndpointSpec!.Ports).PublishedPort);
        Assert.Equal(secretId, Assert.Single(spec.TaskTemplate.ContainerSpec.Secrets).ObjectId);
        Assert.Equal("front", spec.Labels["tier"]);
    }

    [Fact]
    public async Task Create_NoName_GetsAGeneratedOne()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.PostJsonAsync("/services/create", ControlApiHost.Spec("") with { Name = null });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Matches("^[a-z]+_[a-z]+$", host.Store.Snapshot().Services.All().Single().Spec.Name);
    }

    [Fact]
    public async Task Create_NameTaken_Returns409AndChangesNothing()
    {
        await using var host = await ControlApiHost.StartAsync();
        await host.CreateServiceAsync("web");
        var version = host.Store.Version;

        using var response = await host.PostJsonAsync("/services/create", ControlApiHost.Spec("WEB"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already exists", await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
        Assert.Equal(version, host.Store.Version);
    }

    public static TheoryData<string, E.ServiceSpec> InvalidSpecs => new()
    {
        { "DNS name component", ControlApiHost.Spec("bad.name") },
        { "too long", ControlApiHost.Spec(new string('a', 64)) },
        { "image reference must be provided", ControlApiHost.Spec("noimage", image: "") },
        { "operator", ControlApiHost.Spec("c") with { TaskTemplate = new E.TaskSpec { ContainerSpec = new E.ContainerSpec { Image = "busybox" }, Placement = new E.Placement { Constraints = ["node.role=manager"] } } } },
        { "can't be used with dnsrr mode", ControlApiHost.Spec("d") with { EndpointSpec = new E.EndpointSpec { Mode = "dnsrr", Ports = [new E.PortConfig { TargetPort = 80, PublishedPort = 80 }] } } },
        { "duplicate published ports", ControlApiHost.Spec("p") with { EndpointSpec = new E.EndpointSpec { Ports = [new E.PortConfig { TargetPort = 80, PublishedPort = 80 }, new E.PortConfig { TargetPort = 81, PublishedPort = 80 }] } } },
        { "invalid restart condition", ControlApiHost.Spec("r") with { TaskTemplate = new E.TaskSpec { ContainerSpec = new E.ContainerSpec { Image = "busybox" }, RestartPolicy = new E.RestartPolicy { Condition = "sometimes" } } } },
        { "Must be at least 4MiB", ControlApiHost.Spec("m") with { TaskTemplate = new E.TaskSpec { ContainerSpec = new E.ContainerSpec { Image = "busybox" }, Resources = new E.ResourceRequirements { Limits = new E.Limit { MemoryBytes = 1024 } } } } },
        { "only one of", ControlApiHost.Spec("g") with { Mode = new E.ServiceMode { Replicated = new E.ReplicatedService(), Global = new E.GlobalService() } } },
        { "max failure ratio", ControlApiHost.Spec("u") with { UpdateConfig = new E.UpdateConfig { MaxFailureRatio = 2 } } },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public async Task Create_InvalidSpec_Returns400AndChangesNothing(string expected, E.ServiceSpec spec)
    {
        await using var host = await ControlApiHost.StartAsync();
        var version = host.Store.Version;

        using var response = await host.PostJsonAsync("/v1.41/services/create", spec);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
        Assert.Equal(version, host.Store.Version);
    }

    [Theory]
    [InlineData("""{"Name":"m","TaskTemplate":{"ContainerSpec":{"Image":"busybox","Mounts":[{"Type":"bind","Source":"/","Target":"/host"}]}}}""", "ContainerSpec: Mounts is not supported yet")]
    [InlineData("""{"Name":"h","TaskTemplate":{"ContainerSpec":{"Image":"busybox","Healthcheck":{"Test":["CMD","true"]},"TTY":true}}}""", "ContainerSpec: Healthcheck, TTY are not supported yet")]
    [InlineData("""{"Name":"l","TaskTemplate":{"ContainerSpec":{"Image":"busybox"},"LogDriver":{"Name":"syslog"}}}""", "log driver syslog is not supported yet")]
    public async Task Create_UnmodelledFieldSet_Returns400NamingIt(string body, string expected)
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.Client.PostAsync("/services/create", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnmodelledFieldsLeftEmpty_AreAccepted()
    {
        await using var host = await ControlApiHost.StartAsync();
        const string body = """{"Name":"e","TaskTemplate":{"ContainerSpec":{"Image":"busybox","Mounts":[],"DNSConfig":{},"TTY":false,"Healthcheck":null}}}""";

        using var response = await host.Client.PostAsync("/services/create", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400()
    {
        await using var host = await ControlApiHost.StartAsync();

        using var response = await host.Client.PostAsync("/services/create", new StringContent("{\"Name\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid JSON", await ControlApiHost.MessageOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownNetworkOrSecret_Returns404()
    {
        await using var host = await ControlApiHost.StartAsync();
        var withNetwork = ControlApiHost.Spec("n") with
        {
            TaskTemplate = new E.TaskSpec { ContainerSpec = new E.ContainerSpec { Image = "busybox" }, Networks = [new E.NetworkAttachmentConfig { Target = "nope" }] },
        };
        var withSecret = ControlApiHost.Spec("s") with
        {
            TaskTemplate = new E.TaskSpec { ContainerSpec = new E.ContainerSpec { Image = "busybox", Secrets = [new E.SecretReference { SecretName = "missing", SecretID = "missing" }] } },
        };

        using var network = await host.PostJsonAsync("/services/create", withNetwork);
        using var secret = await host.PostJsonAsync("/services/create", withSecret);

        Assert.Equal(HttpStatusCode.NotFound, network.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, secret.StatusCode);
        Assert.Empty(host.Store.Snapshot().Services.All());
    }

    [Fact]
    public async Task Create_NetworkByName_StoresItsId()
    {
        await using var host = await ControlApiHost.StartAsync();
        using var created = await host.PostJsonAsync("/networks/create", new E.NetworkCreateRequest { Name = "backend", Driver = "overlay" });
        var networkId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("Id").GetString();
        var spec = ControlApiHost.Spec("n") with
        {
            TaskTemplate = new E.TaskSpec { ContainerSpec = new E.ContainerSpec { Image = "busybox" }, Networks = [new E.NetworkAttachmentConfig { Target = "backend" }] },
        };

        using var response = await host.PostJsonAsync("/services/create", spec);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(networkId, host.Store.Snapshot().Services.GetByName("n")!.Spec.TaskTemplate.Networks.Single().Target);
    }
}
