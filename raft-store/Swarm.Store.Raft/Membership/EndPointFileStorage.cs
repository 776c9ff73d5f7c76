using System.Net;
using DotNext.Buffers;
using DotNext.Buffers.Binary;
using DotNext.Net.Cluster.Consensus.Raft.Membership;

namespace Swarm.Store.Raft.Membership;

/// <summary>
/// The Raft membership kept on disk. It must be persistent: with dynamic membership an in-memory list is lost on
/// restart and the cluster never elects a leader again.
/// </summary>
internal sealed class EndPointFileStorage(string path) : PersistentClusterConfigurationStorage<EndPoint>(path)
{
    protected override void Encode(EndPoint address, ref BufferWriterSlim<byte> output)
    {
        var ep = (IPEndPoint)address;
        Span<byte> ip = stackalloc byte[16];
        ep.Address.TryWriteBytes(ip, out var length);
        output.Add((byte)length);
        output.Write(ip[..length]);
        ByteBuffer.WriteLittleEndian(ref output, ep.Port);
    }

    protected override EndPoint Decode(ref SequenceReader reader)
    {
        Span<byte> ip = stackalloc byte[reader.ReadByte()];
        reader.Read(ip);
        return new IPEndPoint(new IPAddress(ip), reader.ReadLittleEndian<int>());
    }
}
