using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Swarm.Agent.Certificates;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Manager.Ca;
using Swarm.Manager.Dispatching;
using Swarm.Manager.Membership;
using Swarm.Manager.Tests.Membership;
using Swarm.Manager.Security;
using Swarm.Store;
using Swarm.Testing.Leadership;

namespace Swarm.Manager.Tests.Ca;

/// <summary>
/// A leading manager's cluster port as the daemon serves it (dispatcher + CA + Raft membership on one TLS listener,
/// a real <see cref="ClusterCa"/>), over an in-memory store holding a cluster object with real join tokens.
/// </summary>
internal sealed class CaWorld : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private Task loops = Task.CompletedTask;

    private CaWorld(WebApplication app, ClusterCa ca, MemoryStore store, FakeLeadership leadership, RecordingMembership membership, Cluster cluster, X509Certificate2 serverCertificate)
    {
        this.app = app;
        Ca = ca;
        Store = store;
        Leadership = leadership;
        Membership = membership;
        Cluster = cluster;
        ServerCertificate = serverCertificate;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Authority;
    }

    /// <summary>The swarm's data key this manager holds.</summary>
    public static SwarmDataKey DataKey { get; } = new(AesGcmSecretProtector.NewKey());

    public ClusterCa Ca { get; }
    public MemoryStore Store { get; }
    public FakeLeadership Leadership { get; }
    public RecordingMembership Membership { get; }
    public Cluster Cluster { get; }
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>host:port of the cluster port.</summary>
    public string Address { get; }

    public static async Task<CaWorld> StartAsync()
    {
        var ca = ClusterCa.Create(TimeProvider.System);
        var store = new MemoryStore();
        var cluster = new Cluster
        {
            Id = Ids.New(),
            RootCaCertificate = ca.CertificatePem,
            JoinTokens = new JoinTokens { Worker = JoinToken.New(ca.Digest), Manager = JoinToken.New(ca.Digest) },
        };
        await store.UpdateAsync(tx => tx.Clusters.Create(cluster));
        var leadership = new FakeLeadership();
        leadership.Elect();
        var membership = new RecordingMembership("127.0.0.1:2378", "127.0.0.1:2378");
        var server = Issue(ca, "manager0000000000000000001", NodeRole.Manager);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<ILeadership>(leadership);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(ca);
        builder.Services.AddSingleton(DataKey);
        builder.Services.AddSingleton<IManagerMembership>(membership);
        builder.Services.AddDispatcher();
        builder.Services.AddNodeCa();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseDispatcherTls(() => server, ca.Certificate)));
        var app = builder.Build();
        app.MapDispatcher();
        app.MapNodeCa();
        await app.StartAsync();
        var world = new CaWorld(app, ca, store, leadership, membership, cluster, server);
        // The dispatcher serves once its heartbeat watchdog started the leader's term.
        var runner = new LeaderLoops(leadership, store, app.Services.GetServices<ILeaderLoop>().ToList(), TimeProvider.System,
            app.Services.GetRequiredService<ILogger<LeaderLoops>>());
        world.loops = Task.Run(() => runner.RunAsync(world.stopping.Token));
        var sessions = app.Services.GetRequiredService<SessionRegistry>();
        await Swarm.Testing.Eventually.TrueAsync(() => sessions.IsActive, TimeSpan.FromSeconds(30), "the dispatcher's term to start");
        return world;
    }

    /// <summary>A certificate of this CA with its key, as a node that joined holds it.</summary>
    public static X509Certificate2 Issue(ClusterCa ca, string nodeId, NodeRole role)
    {
        var (keyPem, csr) = NodeCredentials.NewRequest();
        using var signed = ca.Sign(csr, nodeId, role, "cluster", TimeSpan.FromDays(1), DateTimeOffset.UtcNow);
        return NodeCredentials.Load(signed.ExportCertificatePem(), keyPem);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await loops.WaitAsync(TimeSpan.FromSeconds(10));
        stopping.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        ServerCertificate.Dispose();
        Ca.Dispose();
    }
}
