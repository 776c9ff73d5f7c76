using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Swarm.Api.EngineApi;
using Swarm.Api.Objects;
using Swarm.Manager.ControlApi;
using Swarm.Store;

namespace Swarm.Manager.Tests.ControlApi;

/// <summary>
/// The Control API on an in-memory test server over a real (proposer-less) store, seeded with a cluster object and
/// this node as the leading manager. <see cref="StartOnUnixSocketAsync"/> serves it on Kestrel for real clients.
/// </summary>
internal sealed class ControlApiHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private ControlApiHost(WebApplication app, MemoryStore store, FakeLocalNode local, FakeMembership membership)
    {
        this.app = app;
        Store = store;
        Local = local;
        Membership = membership;
    }

    public MemoryStore Store { get; }
    public FakeLocalNode Local { get; }
    public FakeMembership Membership { get; }
    public HttpClient Client { get; private set; } = null!;

    public static Task<ControlApiHost> StartAsync(MemoryStore? store = null, ILeaderForwarder? forwarder = null)
        => StartCoreAsync(store, forwarder, unixSocket: null);

    public static Task<ControlApiHost> StartOnUnixSocketAsync(string socketPath)
        => StartCoreAsync(null, null, socketPath);

    /// <summary>A worker's daemon: no store registered at all.</summary>
    public static Task<ControlApiHost> StartWithoutStoreAsync()
        => StartCoreAsync(null, null, unixSocket: null, registerStore: false);

    private static async Task<ControlApiHost> StartCoreAsync(
        MemoryStore? store, ILeaderForwarder? forwarder, string? unixSocket, bool registerStore = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (unixSocket is null)
            builder.WebHost.UseTestServer();
        else
            builder.WebHost.UseKestrel(k => k.ListenUnixSocket(unixSocket));
        store ??= new MemoryStore();
        var local = new FakeLocalNode();
        var membership = new FakeMembership();
        if (registerStore)
            builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<ILocalNode>(local);
        builder.Services.AddSingleton<ISwarmMembership>(membership);
        if (forwarder is not null)
            builder.Services.AddSingleton(forwarder);
        builder.Services.AddControlApi();
        var app = builder.Build();
        app.MapControlApi();
        var host = new ControlApiHost(app, store, local, membership);
        if (registerStore && store.Version == 0)
            await host.SeedAsync();
        await app.StartAsync();
        if (unixSocket is null)
            host.Client = app.GetTestClient();
        return host;
    }

    /// <summary>Join tokens of the seeded cluster, shaped as real ones (SWMTKN-1-&lt;50-char digest&gt;-&lt;25-char secret&gt;).</summary>
    public const string WorkerToken = "SWMTKN-1-" + Digest + "-workersecret0000000000000";
    public const string ManagerToken = "SWMTKN-1-" + Digest + "-managersecret000000000000";
    public const string Digest = "digest00000000000000000000000000000000000000000000";

    private Task SeedAsync() => Store.UpdateAsync(tx =>
    {
        tx.Clusters.Create(new Cluster
        {
            Id = "clusterid0000000000000000",
            JoinTokens = new Api.Objects.JoinTokens { Worker = WorkerToken, Manager = ManagerToken },
        });
        tx.Nodes.Create(NewNode(Local.NodeId, Local.Hostname, NodeRole.Manager, leader: true));
    });

    public static Api.Objects.Node NewNode(string id, string hostname, NodeRole role, bool leader = false, NodeState state = NodeState.Ready) => new()
    {
        Id = id,
        Role = role,
        Spec = new Api.Objects.NodeSpec { DesiredRole = role },
        Status = new Api.Objects.NodeStatus { State = state, Addr = "198.18.0.9" },
        Description = new Api.Objects.NodeDescription { Hostname = hostname, EngineVersion = "0.1.0-test" },
        ManagerStatus = role == NodeRole.Manager
            ? new Api.Objects.ManagerStatus { Leader = leader, Reachability = Reachability.Reachable, Addr = "198.18.0.1:2377" }
            : null,
    };

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body)
    {
        var json = JsonSerializer.Serialize(body, body.GetType(), EngineJson.Options);
        return await Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
    }

    public async Task<T> GetJsonAsync<T>(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<T>(text, EngineJson.Options)!;
    }

    /// <summary>Creates a service and returns its id.</summary>
    public async Task<string> CreateServiceAsync(string name, ulong replicas = 1, string image = "busybox")
    {
        using var response = await PostJsonAsync("/v1.41/services/create", Spec(name, replicas, image));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonSerializer.Deserialize<IdResponse>(text, EngineJson.Options)!.ID;
    }

    public static Api.EngineApi.ServiceSpec Spec(string name, ulong replicas = 1, string image = "busybox") => new()
    {
        Name = name,
        TaskTemplate = new Api.EngineApi.TaskSpec { ContainerSpec = new Api.EngineApi.ContainerSpec { Image = image, Args = ["sleep", "1000"] } },
        Mode = new Api.EngineApi.ServiceMode { Replicated = new ReplicatedService { Replicas = replicas } },
    };

    public static async Task<string> MessageOf(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<ErrorResponse>(EngineJson.Options))!.Message;

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
