using System.Buffers;
using Swarm.Api.Objects;
using Swarm.Store.Codec;
using Swarm.Store.Tables;

namespace Swarm.Store.Tests.Codec;

public sealed class StoreCodecTests
{
    [Fact]
    public void DecodeTransaction_EncodedTransaction_RoundTripsEveryKind()
    {
        var id = Guid.NewGuid();
        var timestamp = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234567);
        ISwarmObject[] objects =
        [
            StoreObjects.Cluster(), StoreObjects.Node(NodeRole.Manager), StoreObjects.Service(), StoreObjects.TaskOf(Ids.New()),
            StoreObjects.Network(), StoreObjects.Secret(), StoreObjects.Config(),
        ];
        var actions = objects.Select(o => new StoreAction
        {
            Kind = ActionKind.Update, ObjectKind = Schema.KindOf(o), Id = o.Id, ExpectedVersion = 7, Object = o,
        }).Append(new StoreAction { Kind = ActionKind.Delete, ObjectKind = ObjectKind.Node, Id = "gone" }).ToList();

        var bytes = StoreCodec.EncodeTransaction(id, timestamp, actions.Select(StoreCodec.EncodeAction).ToList());
        var decoded = StoreCodec.DecodeTransaction(new ReadOnlySequence<byte>(bytes));

        Assert.Equal(id, decoded.Id);
        Assert.Equal(timestamp, decoded.Timestamp);
        Assert.Equal(timestamp.Offset, decoded.Timestamp.Offset);
        Assert.Equal(actions.Count, decoded.Actions.Count);
        for (var i = 0; i < actions.Count; i++)
        {
            Assert.Equal((actions[i].Kind, actions[i].ObjectKind, actions[i].Id, actions[i].ExpectedVersion),
                (decoded.Actions[i].Kind, decoded.Actions[i].ObjectKind, decoded.Actions[i].Id, decoded.Actions[i].ExpectedVersion));
            Assert.Equal(actions[i].Object?.GetType(), decoded.Actions[i].Object?.GetType());
            if (actions[i].Object is { } obj)
                Assert.Equal(StoreObjects.Encoded(obj), StoreObjects.Encoded(decoded.Actions[i].Object!));
        }
    }

    [Fact]
    public void EncodeTransaction_SameInput_SameBytes()
    {
        var id = Guid.NewGuid();
        var encoded = new[] { StoreCodec.EncodeAction(new StoreAction { Kind = ActionKind.Create, ObjectKind = ObjectKind.Service, Id = "a", Object = StoreObjects.Service() }) };

        Assert.Equal(
            StoreCodec.EncodeTransaction(id, DateTimeOffset.UnixEpoch, encoded),
            StoreCodec.EncodeTransaction(id, DateTimeOffset.UnixEpoch, encoded));
    }
}
