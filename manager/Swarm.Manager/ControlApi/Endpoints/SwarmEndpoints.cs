using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Swarm.Api.Dispatch;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.ControlApi.Mapping;
using Swarm.Store;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Endpoints;

/// <summary>
/// <c>/swarm</c>: inspect and update the cluster object (with token rotation) here; init, join, leave and the
/// unlock key go to <see cref="ISwarmMembership"/>, which owns Raft membership and certificates.
/// </summary>
internal sealed class SwarmEndpoints(MemoryStore store, ISwarmMembership membership)
{
    public static void MapCluster(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/swarm", (HttpContext http) => http.Handler<SwarmEndpoints>().Inspect());
        routes.MapPost("/swarm/update", HandlerResolution.With<SwarmEndpoints>((e, http) => e.UpdateAsync(http)));
        routes.MapGet("/swarm/unlockkey", async (HttpContext http, ISwarmMembership m)
            => ApiResults.Json(new E.UnlockKeyResponse { UnlockKey = await m.GetUnlockKeyAsync(http.RequestAborted) }));
    }

    /// <summary>These work on a node that is not (yet) a manager of an active swarm.</summary>
    public static void MapMembership(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/swarm/init", async (HttpContext http, ISwarmMembership m) =>
            ApiResults.Json(await m.InitAsync(await RequestReader.BodyAsync<E.SwarmInitRequest>(http), http.RequestAborted)));
        routes.MapPost("/swarm/join", async (HttpContext http, ISwarmMembership m) =>
        {
            await m.JoinAsync(await RequestReader.BodyAsync<E.SwarmJoinRequest>(http), http.RequestAborted);
            return ApiResults.Ok();
        });
        routes.MapPost("/swarm/leave", async (HttpContext http, ISwarmMembership m) =>
        {
            await m.LeaveAsync(RequestReader.Flag(http, "force"), http.RequestAborted);
            return ApiResults.Ok();
        });
        routes.MapPost("/swarm/unlock", async (HttpContext http, ISwarmMembership m) =>
        {
            await m.UnlockAsync((await RequestReader.BodyAsync<E.UnlockKeyResponse>(http)).UnlockKey, http.RequestAborted);
            return ApiResults.Ok();
        });
    }

    public static E.SwarmInfo Write(Cluster cluster, bool withTokens) => new()
    {
        ID = cluster.Id,
        Version = ObjectWriter.VersionOf(cluster),
        CreatedAt = cluster.Meta.CreatedAt,
        UpdatedAt = cluster.Meta.UpdatedAt,
        Spec = new E.SwarmSpec
        {
            Name = cluster.Spec.Name,
            Labels = cluster.Spec.Labels,
            Orchestration = new E.OrchestrationConfig { TaskHistoryRetentionLimit = cluster.Spec.Orchestration.TaskHistoryRetentionLimit },
            Raft = new E.RaftConfig
            {
                SnapshotInterval = cluster.Spec.Raft.SnapshotInterval,
                KeepOldSnapshots = cluster.Spec.Raft.KeepOldSnapshots,
                LogEntriesForSlowFollowers = cluster.Spec.Raft.LogEntriesForSlowFollowers,
                ElectionTick = cluster.Spec.Raft.ElectionTick,
                HeartbeatTick = cluster.Spec.Raft.HeartbeatTick,
            },
            Dispatcher = new E.DispatcherConfig { HeartbeatPeriod = Nanoseconds.Of(cluster.Spec.Dispatcher.HeartbeatPeriod) },
            CAConfig = new E.CaConfig { NodeCertExpiry = Nanoseconds.Of(cluster.Spec.CaConfig.NodeCertExpiry) },
            EncryptionConfig = new E.EncryptionConfig { AutoLockManagers = cluster.Spec.AutoLockManagers },
            TaskDefaults = new E.TaskDefaults(),
        },
        TLSInfo = new E.TlsInfo { TrustRoot = cluster.RootCaCertificate },
        DataPathPort = (uint)cluster.DataPathPort,
        DefaultAddrPool = cluster.DefaultAddressPool,
        SubnetSize = (uint)cluster.SubnetSize,
        JoinTokens = withTokens ? new E.JoinTokens { Worker = cluster.JoinTokens.Worker, Manager = cluster.JoinTokens.Manager } : new E.JoinTokens(),
    };

    private IResult Inspect() => ApiResults.Json(Write(Current(store.Snapshot().Clusters.All()), withTokens: true));

    private static Cluster Current(IEnumerable<Cluster> clusters)
        => clusters.FirstOrDefault() ?? throw ApiException.Unavailable("the swarm has no cluster object yet; is it still initialising?");

    private async Task<IResult> UpdateAsync(HttpContext http)
    {
        var version = RequestReader.Version(http);
        var rotateWorker = RequestReader.Flag(http, "rotateWorkerToken");
        var rotateManager = RequestReader.Flag(http, "rotateManagerToken");
        var rotateUnlock = RequestReader.Flag(http, "rotateManagerUnlockKey");
        var body = await RequestReader.BodyAsync<E.SwarmSpec>(http);
        await store.UpdateAsync(tx =>
        {
            var cluster = Current(tx.Clusters.All());
            var tokens = cluster.JoinTokens;
            if (rotateWorker)
                tokens = tokens with { Worker = JoinToken.Rotate(tokens.Worker) };
            if (rotateManager)
                tokens = tokens with { Manager = JoinToken.Rotate(tokens.Manager) };
            tx.Clusters.Update(cluster with
            {
                Meta = cluster.Meta with { Version = version },
                Spec = ReadSpec(body, cluster.Spec),
                JoinTokens = tokens,
            });
        }, http.RequestAborted);
        if (rotateUnlock)
            await membership.RotateUnlockKeyAsync(http.RequestAborted);
        return ApiResults.Ok();
    }

    /// <summary>Fields the client left out keep their value; the cluster's name cannot change.</summary>
    internal static ClusterSpec ReadSpec(E.SwarmSpec body, ClusterSpec current)
    {
        if (body.Name is { Length: > 0 } name && name != current.Name)
            throw new InvalidSpecException("renaming the swarm is not supported");
        if (body.Orchestration?.TaskHistoryRetentionLimit is < 0)
            throw new InvalidSpecException("TaskHistoryRetentionLimit cannot be negative");
        var raft = body.Raft;
        var heartbeat = Nanoseconds.ToSpan(body.Dispatcher?.HeartbeatPeriod, "Dispatcher.HeartbeatPeriod");
        if (heartbeat is { } h && h <= TimeSpan.Zero)
            throw new InvalidSpecException("Dispatcher.HeartbeatPeriod must be positive");
        var expiry = Nanoseconds.ToSpan(body.CAConfig?.NodeCertExpiry, "CAConfig.NodeCertExpiry");
        if (expiry is { } e && e < TimeSpan.FromHours(1))
            throw new InvalidSpecException("minimum certificate expiry time is 1h0m0s");
        return current with
        {
            Labels = body.Labels ?? current.Labels,
            Orchestration = body.Orchestration?.TaskHistoryRetentionLimit is { } limit
                ? current.Orchestration with { TaskHistoryRetentionLimit = limit } : current.Orchestration,
            Raft = raft is null ? current.Raft : current.Raft with
            {
                SnapshotInterval = raft.SnapshotInterval ?? current.Raft.SnapshotInterval,
                KeepOldSnapshots = raft.KeepOldSnapshots ?? current.Raft.KeepOldSnapshots,
                LogEntriesForSlowFollowers = raft.LogEntriesForSlowFollowers ?? current.Raft.LogEntriesForSlowFollowers,
                ElectionTick = raft.ElectionTick ?? current.Raft.ElectionTick,
                HeartbeatTick = raft.HeartbeatTick ?? current.Raft.HeartbeatTick,
            },
            Dispatcher = heartbeat is { } period ? current.Dispatcher with { HeartbeatPeriod = period } : current.Dispatcher,
            CaConfig = expiry is { } certExpiry ? current.CaConfig with { NodeCertExpiry = certExpiry } : current.CaConfig,
            AutoLockManagers = body.EncryptionConfig?.AutoLockManagers ?? current.AutoLockManagers,
        };
    }
}
