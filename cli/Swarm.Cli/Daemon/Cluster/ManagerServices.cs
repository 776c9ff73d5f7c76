using Serilog;
using Swarm.Manager;
using Swarm.Manager.Ca;
using Swarm.Manager.ControlApi;
using Swarm.Manager.ControlApi.Forwarding;
using Swarm.Manager.Dispatching;
using Swarm.Manager.LogBroker;
using Swarm.Manager.Membership;
using Swarm.Manager.Security;
using Swarm.Store;
using Swarm.Store.Raft;

namespace Swarm.Cli.Daemon.Cluster;

/// <summary>
/// What makes this node a manager: its Raft node (committing the daemon's store), the cluster port (dispatcher,
/// CA, Raft membership, leader forwarding, log broker; gRPC over TLS) and the leader-only loops. Started on init,
/// on join as a manager, on promotion and at daemon start; disposed on leave and demotion.
/// </summary>
internal sealed class ManagerServices : IAsyncDisposable
{
    /// <summary>Wider than the store's 250–500 ms default: several daemons may share a small machine.</summary>
    private static readonly TimeSpan LowerElectionTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan UpperElectionTimeout = TimeSpan.FromMilliseconds(1000);

    private readonly RaftNode raft;
    private readonly WebApplication app;
    private readonly ClusterCa ca;
    private readonly ILoggerFactory raftLoggers;
    private readonly CancellationTokenSource stopping = new();
    private Task loops = Task.CompletedTask;

    private ManagerServices(RaftNode raft, WebApplication app, ClusterCa ca, ILoggerFactory raftLoggers)
    {
        this.raft = raft;
        this.app = app;
        this.ca = ca;
        this.raftLoggers = raftLoggers;
    }

    public RaftNode Raft => raft;

    /// <summary>The follower side of leader forwarding (this manager's Engine API sends writes on with it).</summary>
    public ILeaderForwarder Forwarder => app.Services.GetRequiredService<ILeaderForwarder>();

    /// <summary>Seals secrets with the swarm's data key (the Engine API's secret endpoints use it too).</summary>
    public ISecretProtector Secrets => app.Services.GetRequiredService<ISecretProtector>();

    /// <summary>The log broker (serves service logs while this manager leads).</summary>
    public LogSubscriptions Logs => app.Services.GetRequiredService<LogSubscriptions>();

    /// <summary>
    /// Starts the Raft node over <paramref name="store"/> (replaying its log), then serves the cluster port and runs
    /// the leader loops. A new swarm's first manager bootstraps; every other one waits to be added by the leader.
    /// </summary>
    public static async Task<ManagerServices> StartAsync(
        NodeMembership membership, NodeCertificateFiles certificates, ClusterCa ca, SwarmDataKey dataKey, MemoryStore store, CurrentRaft current,
        DaemonOptions options, bool bootstrap, CancellationToken cancellationToken)
    {
        var loggers = LoggerFactory.Create(b => b.AddSerilog(Log.Logger));
        var raft = new RaftNode(new RaftStoreOptions
        {
            DataDirectory = ClusterPaths.Under(options.DataRoot).Raft,
            ListenEndPoint = membership.RaftListen,
            AdvertiseEndPoint = membership.RaftAdvertise,
            Bootstrap = bootstrap,
            Certificates = certificates,
            LowerElectionTimeout = LowerElectionTimeout,
            UpperElectionTimeout = UpperElectionTimeout,
            LoggerFactory = loggers,
        });
        try
        {
            await raft.StartAsync(store, cancellationToken);
        }
        catch
        {
            await raft.DisposeAsync();
            loggers.Dispose();
            throw;
        }
        current.Node = raft;
        var app = BuildClusterPort(membership, certificates, ca, dataKey, store, raft, options);
        var services = new ManagerServices(raft, app, ca, loggers);
        try
        {
            await app.StartAsync(cancellationToken);
            services.StartLoops(store);
            return services;
        }
        catch
        {
            current.Node = null;
            await services.DisposeAsync();
            throw;
        }
    }

    private static WebApplication BuildClusterPort(
        NodeMembership membership, NodeCertificateFiles certificates, ClusterCa ca, SwarmDataKey dataKey, MemoryStore store, RaftNode raft,
        DaemonOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Services.AddSerilog();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(
            membership.Listen, listen => listen.UseDispatcherTls(() => certificates.Certificate, certificates.RootCa)));
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<ILeadership>(raft);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(ca);
        builder.Services.AddSingleton(dataKey);
        builder.Services.AddSingleton<ISecretProtector>(new AesGcmSecretProtector(dataKey.Key));
        builder.Services.AddSingleton<IManagerMembership>(new RaftManagerMembership(raft));
        builder.Services.AddDispatcher();
        builder.Services.AddNodeCa();
        builder.Services.AddControlForwarding(LocalControlApi.OverUnixSocket(options.SocketPath));
        builder.Services.AddLeaderForwarder(new ForwardingOptions(() => certificates.Certificate, certificates.RootCa));
        var app = builder.Build();
        app.MapDispatcher();
        app.MapNodeCa();
        app.MapControlForwarding();
        return app;
    }

    private void StartLoops(MemoryStore store)
    {
        var services = app.Services;
        var time = TimeProvider.System;
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var all = services.GetServices<ILeaderLoop>()
            .Concat(ManagerLoops.Create(store, time, loggers))
            .Append(new RoleManagerLoop(store, services.GetRequiredService<IManagerMembership>(), time, loggers.CreateLogger<RoleManagerLoop>()))
            .ToList();
        var runner = new LeaderLoops(raft, store, all, time, loggers.CreateLogger<LeaderLoops>());
        loops = Task.Run(() => runner.RunAsync(stopping.Token));
    }

    /// <summary>Stops the loops, the cluster port and the Raft node (its membership is left as it is).</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await loops.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await app.StopAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await app.DisposeAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await raft.StopAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await raft.DisposeAsync();
        ca.Dispose();
        raftLoggers.Dispose();
        stopping.Dispose();
    }
}
