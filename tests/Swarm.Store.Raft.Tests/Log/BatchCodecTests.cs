using System.Buffers;
using Swarm.Store.Raft.Log;

namespace Swarm.Store.Raft.Tests.Log;

public class BatchCodecTests
{
    [Fact]
    public void Decode_EncodedBatch_ReturnsTransactionsInOrder()
    {
        ReadOnlyMemory<byte>[] transactions = [new byte[] { 1, 2, 3 }, Array.Empty<byte>(), new byte[300]];

        var decoded = BatchCodec.Decode(new ReadOnlySequence<byte>(BatchCodec.Encode(transactions)), index: 7);

        Assert.Equal(transactions.Select(t => t.ToArray()), decoded.Select(t => t.ToArray()));
    }

    [Fact]
    public void Decode_MultiSegmentPayload_SameAsContiguous()
    {
        var encoded = BatchCodec.Encode([new byte[] { 9, 8, 7, 6, 5 }, new byte[] { 4 }]);

        var decoded = BatchCodec.Decode(Segments.Split(encoded, 3), index: 1);

        Assert.Equal([new byte[] { 9, 8, 7, 6, 5 }, new byte[] { 4 }], decoded.Select(t => t.ToArray()));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("format")]
    public void Decode_DamagedPayload_ThrowsStoreCorruptedNamingTheEntry(string damage)
    {
        var encoded = BatchCodec.Encode([new byte[] { 1, 2, 3, 4 }]);
        var damaged = damage switch
        {
            "flip" => Flip(encoded, 6),
            "truncate" => encoded[..^2],
            _ => Flip(encoded, 0),
        };

        var error = Assert.Throws<StoreCorruptedException>(() => BatchCodec.Decode(new ReadOnlySequence<byte>(damaged), index: 42));

        Assert.Contains("entry 42", error.Message);
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0xff;
        return copy;
    }
}
