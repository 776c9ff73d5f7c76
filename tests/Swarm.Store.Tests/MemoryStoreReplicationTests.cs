using System.Buffers;
using Microsoft.Extensions.Time.Testing;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.Tests.Watch;
using Swarm.Store.Watch;
using Swarm.Testing.Replication;

namespace Swarm.Store.Tests;

/// <summary>The store behind a proposer: preconditions re-checked at apply time, identically on every replica.</summary>
public sealed class MemoryStoreReplicationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly InlineReplicaProposer proposer = new();
    private readonly MemoryStore leader;
    private readonly MemoryStore follower = new();

    public MemoryStoreReplicationTests()
    {
        leader = new MemoryStore(proposer);
        proposer.AddReplica(leader);
        proposer.AddReplica(follower);
    }

    [Fact]
    public async Task UpdateAsync_ThroughProposer_AppliesOnEveryReplica()
    {
        var web = (await leader.CreateAsync(StoreObjects.Service("web")))[0];

        Assert.Equal(1UL, follower.Version);
        Assert.Equal(StoreObjects.Encoded(web), StoreObjects.Encoded(follower.Snapshot().Services.Get(web.Id)!));
    }

    [Fact]
    public async Task UpdateAsync_TwoWritersReadSameVersion_OneWinsOtherGetsVersionConflict()
    {
        var web = (await leader.CreateAsync(StoreObjects.Service("web")))[0];
        proposer.Hold();

        var first = leader.UpdateAsync(tx => tx.Services.Update(tx.Services.Get(web.Id)! with { SpecVersion = 1 }));
        var second = leader.UpdateAsync(tx => tx.Services.Update(tx.Services.Get(web.Id)! with { SpecVersion = 2 }));
        await proposer.WhenHeldAsync(2).WaitAsync(Timeout);
        proposer.Release();

        await first.WaitAsync(Timeout);
        await Assert.ThrowsAsync<VersionConflictException>(() => second.WaitAsync(Timeout));
        Assert.Equal(2UL, leader.Version);
        Assert.Equal(1UL, leader.Snapshot().Services.Get(web.Id)!.SpecVersion);
        AssertIdentical(leader, follower);
    }

    [Fact]
    public async Task UpdateAsync_WritersOnTwoNodes_ConflictIsFoundWhereverItWasProposed()
    {
        var other = new MemoryStore(proposer);
        proposer.AddReplica(other);
        var web = (await leader.CreateAsync(StoreObjects.Service("web")))[0];
        proposer.Hold();

        var onLeader = leader.UpdateAsync(tx => tx.Services.Update(web with { SpecVersion = 1 }));
        var onOther = other.UpdateAsync(tx => tx.Services.Update(tx.Services.Get(web.Id)! with { SpecVersion = 2 }));
        await proposer.WhenHeldAsync(2).WaitAsync(Timeout);
        proposer.Release();

        await onLeader.WaitAsync(Timeout);
        await Assert.ThrowsAsync<VersionConflictException>(() => onOther.WaitAsync(Timeout));
        AssertIdentical(leader, follower);
        AssertIdentical(leader, other);
    }

    [Fact]
    public async Task UpdateAsync_ConcurrentCreatesOfOneName_OneNameConflict()
    {
        var a = StoreObjects.Service("web");
        var b = StoreObjects.Service("WEB");
        proposer.Hold();

        var first = leader.UpdateAsync(tx => tx.Services.Create(a));
        var second = leader.UpdateAsync(tx => tx.Services.Create(b));
        await proposer.WhenHeldAsync(2).WaitAsync(Timeout);
        proposer.Release();

        await first.WaitAsync(Timeout);
        await Assert.ThrowsAsync<NameConflictException>(() => second.WaitAsync(Timeout));
        Assert.Equal(a.Id, follower.Snapshot().Services.GetByName("web")!.Id);
        Assert.Equal(1, follower.Snapshot().Services.Count);
        AssertIdentical(leader, follower);
    }

    [Fact]
    public async Task Apply_RejectedTransaction_NoReplicaMovesOrPublishes()
    {
        var web = (await leader.CreateAsync(StoreObjects.Service("web")))[0];
        using var watch = follower.ViewAndWatch();
        proposer.Hold();
        var winner = leader.UpdateAsync(tx => tx.Services.Delete(web));
        var loser = leader.UpdateAsync(tx =>
        {
            tx.Services.Update(web with { SpecVersion = 9 });
            tx.Networks.Create(StoreObjects.Network());
        });
        await proposer.WhenHeldAsync(2).WaitAsync(Timeout);

        proposer.Release();

        await winner.WaitAsync(Timeout);
        await Assert.ThrowsAsync<NotFoundException>(() => loser.WaitAsync(Timeout));
        Assert.Equal((2UL, 2UL), (leader.Version, follower.Version));
        Assert.Equal(0, follower.Snapshot().Networks.Count);
        var events = await watch.Events.ReadThroughAsync(2);
        Assert.Equal([EventKind.Delete, EventKind.Commit], events.Select(e => e.Kind));
        Assert.True(await watch.Events.IsQuietAsync());
    }

    [Fact]
    public async Task Apply_FollowerWithOtherClock_StampsTheProposersTime()
    {
        var proposerTime = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var log = new InlineReplicaProposer();
        var a = new MemoryStore(log, proposerTime);
        var b = new MemoryStore(time: new FakeTimeProvider(new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        log.AddReplica(a);
        log.AddReplica(b);

        var node = (await a.CreateAsync(StoreObjects.Node()))[0];

        Assert.Equal(proposerTime.GetUtcNow(), b.Snapshot().Nodes.Get(node.Id)!.Meta.CreatedAt);
        AssertIdentical(a, b);
    }

    [Fact]
    public async Task Replicas_ApplyingTheSameLog_EndByteIdentical()
    {
        var stored = await leader.CreateAsync(StoreObjects.Service("web"), StoreObjects.Service("db"));
        await leader.CreateAsync(StoreObjects.TaskOf(stored[0].Id, 1), StoreObjects.TaskOf(stored[0].Id, 2));
        await leader.UpdateAsync(tx => tx.Services.Update(stored[1] with
        {
            Spec = stored[1].Spec with { Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" } },
        }));
        proposer.Hold();
        var kept = leader.UpdateAsync(tx => tx.Services.Update(tx.Services.Get(stored[1].Id)! with { SpecVersion = 4 }));
        var rejected = leader.UpdateAsync(tx => tx.Services.Delete(tx.Services.Get(stored[1].Id)!));
        await proposer.WhenHeldAsync(2).WaitAsync(Timeout);
        proposer.Release();
        await kept.WaitAsync(Timeout);
        await Assert.ThrowsAsync<VersionConflictException>(() => rejected.WaitAsync(Timeout));
        await leader.UpdateAsync(tx => tx.Services.Delete(stored[0].Id));
        await leader.BatchAsync(async b =>
        {
            for (var i = 0; i < 5; i++)
                await b.UpdateAsync(tx => tx.Nodes.Create(StoreObjects.Node()));
        });

        var late = new MemoryStore();
        foreach (var entry in proposer.Log)
            late.Apply(new ReadOnlySequence<byte>(entry));

        Assert.Equal(7, proposer.Log.Count);
        Assert.Equal(6UL, leader.Version);
        AssertIdentical(leader, follower);
        AssertIdentical(leader, late);
    }

    [Fact]
    public async Task UpdateAsync_CancelledWhileHeld_ThrowsAndCommitsNothing()
    {
        using var cts = new CancellationTokenSource();
        proposer.Hold();
        var pending = leader.UpdateAsync(tx => tx.Nodes.Create(StoreObjects.Node()), cts.Token);
        await proposer.WhenHeldAsync(1).WaitAsync(Timeout);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Timeout));
        proposer.Release();

        Assert.Equal((0UL, 0UL), (leader.Version, follower.Version));
    }

    [Fact]
    public async Task ViewAndWatch_OnFollower_SeesReplicatedCommits()
    {
        using var watch = follower.ViewAndWatch();

        var node = (await leader.CreateAsync(StoreObjects.Node()))[0];

        var events = await watch.Events.ReadThroughAsync(1);
        Assert.Equal(StoreObjects.Encoded(node), StoreObjects.Encoded(events[0].Object!));
    }

    private static void AssertIdentical(MemoryStore expected, MemoryStore actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(SnapshotBytes(expected), SnapshotBytes(actual));
    }

    private static byte[] SnapshotBytes(MemoryStore store)
    {
        var buffer = new ArrayBufferWriter<byte>();
        store.CaptureSnapshot().WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
