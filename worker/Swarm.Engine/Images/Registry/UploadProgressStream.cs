namespace Swarm.Engine.Images.Registry;

/// <summary>A blob being uploaded: reports Uploading progress about every MiB as the HTTP stack reads it.</summary>
internal sealed class UploadProgressStream(Stream inner, string id, long total, IProgress<TransferProgress>? progress) : Stream
{
    private long read;
    private long lastReport;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    private int Count(int n)
    {
        read += n;
        if (progress is not null && read - lastReport >= 1 << 20)
        {
            lastReport = read;
            progress.Report(new TransferProgress(id, TransferStatus.Uploading, read, total));
        }
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
