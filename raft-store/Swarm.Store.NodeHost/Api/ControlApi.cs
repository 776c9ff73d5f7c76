using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.NodeHost.Api.Contracts;
using Swarm.Store.NodeHost.Load;
using Swarm.Store.Raft;

namespace Swarm.Store.NodeHost.Api;

/// <summary>
/// The node's control API: just enough to drive and observe one store manager from another process.
/// Errors are exceptions mapped to status codes by <see cref="ErrorMiddleware"/>.
/// </summary>
internal static class ControlApi
{
    /// <summary>A barrier needs a leader; without one it would wait for as long as the election takes.</summary>
    private static readonly TimeSpan BarrierTimeout = TimeSpan.FromSeconds(10);

    public static void MapControlApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/status", GetStatus);
        api.MapPost("/configs", CreateConfigAsync);
        api.MapGet("/configs", ListConfigsAsync);
        api.MapPost("/members", AddMemberAsync);
        api.MapDelete("/members/{address}", RemoveMemberAsync);
        api.MapPost("/load", (LoadRequest request, LoadGenerator load, CancellationToken cancellationToken)
            => load.RunAsync(request, cancellationToken));
    }

    private static StoreNodeStatus GetStatus(RaftNode raft, MemoryStore store)
    {
        var view = store.Snapshot();
        return new StoreNodeStatus(
            Address: raft.Address.ToString(),
            Leader: raft.LeaderAddress,
            IsLeader: raft.IsLeader,
            Term: raft.Term,
            CommitIndex: raft.CommitIndex,
            AppliedIndex: raft.AppliedIndex,
            StoreVersion: view.Version,
            Members: raft.Members.Select(m => m.ToString() ?? "").Order(StringComparer.Ordinal).ToList(),
            SnapshotsRestored: raft.SnapshotsRestored,
            ConfigCount: view.Configs.Count);
    }

    private static async Task<Created<CreatedConfig>> CreateConfigAsync(
        CreateConfigRequest request, MemoryStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Size is < 0 or > Config.MaxSize)
            throw new InvalidSpecException($"a config needs a name and 0..{Config.MaxSize} bytes of data");
        var config = new Config { Id = Ids.New(), Spec = new ConfigSpec { Name = request.Name, Data = new byte[request.Size] } };
        await store.UpdateAsync(tx => tx.Configs.Create(config), cancellationToken);
        // Applied here before UpdateAsync returned, and configs are never rewritten by this API.
        var version = store.Snapshot().Configs.Get(config.Id)?.Meta.Version ?? store.Version;
        return TypedResults.Created($"/configs/{config.Id}", new CreatedConfig(config.Id, version));
    }

    private static async Task<List<ConfigSummary>> ListConfigsAsync(
        MemoryStore store, HttpContext context, bool? barrier, CancellationToken cancellationToken)
    {
        if (barrier == true)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(BarrierTimeout);
            try
            {
                await store.ReadBarrierAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                throw new NotLeaderException(null);
            }
        }
        return store.Snapshot().Configs.All()
            .OrderBy(c => c.Meta.Version).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new ConfigSummary(c.Id, c.Spec.Name, c.Meta.Version))
            .ToList();
    }

    private static async Task<NoContent> AddMemberAsync(MemberRequest request, RaftNode raft, CancellationToken cancellationToken)
    {
        await raft.AddMemberAsync(ParseAddress(request.Address), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveMemberAsync(string address, RaftNode raft, CancellationToken cancellationToken)
    {
        await raft.RemoveMemberAsync(ParseAddress(address), cancellationToken);
        return TypedResults.NoContent();
    }

    private static IPEndPoint ParseAddress(string? address)
        => IPEndPoint.TryParse(address ?? "", out var endPoint) && endPoint.Port != 0
            ? endPoint
            : throw new InvalidSpecException($"'{address}' is not a Raft address (IP:PORT)");
}
