using System.Security.Cryptography;

namespace Swarm.Engine.Images;

/// <summary>
/// Writes one blob of known digest. A partial file left by an earlier attempt is re-hashed and appended to, so a
/// download resumes at <see cref="Offset"/>; <see cref="CommitAsync"/> verifies the sha256 and renames atomically.
/// </summary>
public sealed class BlobWriter : IDisposable
{
    private readonly string partialPath;
    private readonly string finalPath;
    private readonly Digest expected;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private FileStream? file;

    internal BlobWriter(string partialPath, string finalPath, Digest expected)
    {
        this.partialPath = partialPath;
        this.finalPath = finalPath;
        this.expected = expected;
    }

    public long Offset { get; private set; }

    /// <summary>Opens the partial file and hashes what it already holds; returns the resume offset.</summary>
    public async Task<long> ResumeAsync(CancellationToken cancellationToken)
    {
        file = new FileStream(partialPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: false);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = await file.ReadAsync(buffer, cancellationToken)) > 0)
            hash.AppendData(buffer, 0, n);
        Offset = file.Length;
        return Offset;
    }

    /// <summary>Throws away any partial content (the server ignored our Range request, or this is a fresh write).</summary>
    public void Restart()
    {
        file ??= new FileStream(partialPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: false);
        file.SetLength(0);
        hash.GetHashAndReset();
        Offset = 0;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        hash.AppendData(data.Span);
        await file!.WriteAsync(data, cancellationToken);
        Offset += data.Length;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await file!.FlushAsync(cancellationToken);
        await file.DisposeAsync();
        file = null;
        var actual = Digest.FromHash(hash.GetHashAndReset());
        if (actual != expected)
        {
            File.Delete(partialPath);
            throw new InvalidImageException($"blob digest mismatch: expected {expected}, got {actual}");
        }
        File.Move(partialPath, finalPath, overwrite: true);
    }

    public void Dispose()
    {
        file?.Dispose();
        hash.Dispose();
    }
}
