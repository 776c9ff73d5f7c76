using System.Buffers;
using Swarm.Api.Objects;
using Swarm.Engine.Executor;
using Swarm.Manager.ControlApi;
using Swarm.Manager.LogBroker;
using Swarm.Manager.Security;
using Swarm.Store;

namespace Swarm.Cli.Daemon.Cluster;

/// <summary>
/// This node's swarm membership: in no swarm, or a worker (an agent), or a manager (Raft node, cluster port, leader
/// loops, and an agent). It carries out init, join and leave, resumes at daemon start from what it saved, and
/// turns a promotion or demotion the managers report into starting or stopping the manager half. One change at a
/// time; the Engine API reads its state through <see cref="ILocalNode"/>.
/// </summary>
internal sealed partial class SwarmMode(
    DaemonOptions options,
    MemoryStore store,
    CurrentRaft raft,
    EngineExecutor executor,
    ILoggerFactory loggers,
    ILogger<SwarmMode> logger) : ISwarmMembership, ILocalNode, IHostedService
{
    private const string AlreadyInSwarm = "This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.";
    private const string NotInSwarm = "This node is not part of a swarm";

    private readonly SemaphoreSlim changing = new(1, 1);
    private readonly ClusterPaths paths = ClusterPaths.Under(options.DataRoot);
    private volatile NodeMembership? membership;
    private volatile LocalNodeState state = LocalNodeState.Inactive;
    private NodeCertificateFiles? certificates;
    private ManagerServices? manager;
    private WorkerAgent? agent;

    public string NodeId => membership?.NodeId ?? "";

    public string Hostname { get; } = Environment.MachineName;

    public string Address => membership?.AdvertiseAddress ?? "";

    public LocalNodeState State => state;

    public bool IsManager => manager is not null;

    public string EngineVersion => DaemonVersion.Current;

    /// <summary>The follower side of leader forwarding while this node is a manager.</summary>
    public ILeaderForwarder? Forwarder => manager?.Forwarder;

    /// <summary>Seals and opens secrets while this node is a manager (it holds the data key then).</summary>
    public ISecretProtector? Secrets => manager?.Secrets;

    /// <summary>The log broker while this node is a manager.</summary>
    public LogSubscriptions? Logs => manager?.Logs;

    /// <summary>At daemon start: back into the swarm this node was in, as the role it had.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (NodeMembership.Load(paths) is not { } saved)
            return;
        await changing.WaitAsync(cancellationToken);
        try
        {
            state = LocalNodeState.Pending;
            certificates = NodeCertificateFiles.Load(paths.Certificates);
            if (saved.Role == NodeRole.Manager)
                await StartManagerAsync(saved, bootstrap: false, cancellationToken);
            await StartAgentAsync(saved, cancellationToken);
            membership = saved;
            state = LocalNodeState.Active;
            LogResumed(saved.NodeId, saved.Role);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            state = LocalNodeState.Error;
            LogResumeFailed(e, saved.NodeId);
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>At daemon stop: leaves the swarm's services, keeps the membership and the containers.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await changing.WaitAsync(cancellationToken);
        try
        {
            await StopServicesAsync();
        }
        finally
        {
            changing.Release();
        }
    }

    private async Task StartManagerAsync(NodeMembership node, bool bootstrap, CancellationToken cancellationToken)
    {
        var ca = certificates!.LoadCa() ?? throw new InvalidOperationException("this manager has no CA key (certificates/ca-key.pem)");
        var dataKey = certificates.LoadDataKey() ?? throw new InvalidOperationException("this manager has no data key (certificates/data.key)");
        manager = await ManagerServices.StartAsync(node, certificates, ca, new SwarmDataKey(dataKey), store, raft, options, bootstrap, cancellationToken);
    }

    /// <summary>The agent, and the certificate renewal that goes with being in a swarm.</summary>
    private async Task StartAgentAsync(NodeMembership node, CancellationToken cancellationToken)
    {
        // A manager's agent starts with its own manager: the others may all be gone (a forced new cluster).
        var seeds = manager is null ? node : node with { Managers = [node.ClusterAddress, .. node.Managers.Where(m => m != node.ClusterAddress)] };
        agent = await WorkerAgent.StartAsync(seeds, certificates!, executor, paths.Agent, loggers, OnHeartbeat, cancellationToken);
        StartRenewal();
    }

    /// <summary>Stops the agent and the manager half; the store is emptied when the manager half goes.</summary>
    private async Task StopServicesAsync()
    {
        await StopRenewalAsync();
        if (agent is not null)
            await agent.DisposeAsync();
        agent = null;
        await StopManagerAsync();
        certificates?.Dispose();
        certificates = null;
    }

    private async Task StopManagerAsync()
    {
        if (manager is null)
            return;
        raft.Node = null;
        await manager.DisposeAsync();
        manager = null;
        ResetStore();
    }

    /// <summary>Empties the store (a node in no swarm, or a worker, holds no cluster state).</summary>
    private void ResetStore()
    {
        var empty = new ArrayBufferWriter<byte>();
        new MemoryStore().CaptureSnapshot().WriteTo(empty);
        store.Restore(new ReadOnlySequence<byte>(empty.WrittenMemory));
    }

    public Task<string> GetUnlockKeyAsync(CancellationToken cancellationToken) => Task.FromResult("");

    public Task RotateUnlockKeyAsync(CancellationToken cancellationToken)
        => throw new Swarm.Api.Errors.InvalidSpecException("autolock is not supported yet: manager keys are protected by file permissions (root only)");

    public Task UnlockAsync(string unlockKey, CancellationToken cancellationToken)
        => throw new Swarm.Api.Errors.InvalidSpecException("swarm is not locked");

    [LoggerMessage(Level = LogLevel.Information, Message = "back in the swarm as node {NodeId} ({Role})")]
    private partial void LogResumed(string nodeId, NodeRole role);

    [LoggerMessage(Level = LogLevel.Error, Message = "could not rejoin the swarm as node {NodeId}; swarm mode is in error until it leaves")]
    private partial void LogResumeFailed(Exception error, string nodeId);
}
