namespace Swarm.Engine.Images;

/// <summary>
/// Blobs by sha256 under `&lt;root&gt;/blobs/sha256/&lt;hex&gt;`. A blob appears only complete and verified: writers fill
/// `&lt;root&gt;/blobs/ingest/&lt;hex&gt;` (kept between attempts so downloads resume) and rename it into place.
/// </summary>
public sealed class ContentStore
{
    private readonly string blobs;
    private readonly string ingest;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Digest, SemaphoreSlim> writeLocks = new();

    public ContentStore(string root)
    {
        blobs = Path.Combine(root, "blobs", "sha256");
        ingest = Path.Combine(root, "blobs", "ingest");
        Directory.CreateDirectory(blobs);
        Directory.CreateDirectory(ingest);
    }

    public string PathOf(Digest digest) => Path.Combine(blobs, digest.Hex);

    public bool Exists(Digest digest) => File.Exists(PathOf(digest));

    public long SizeOf(Digest digest) => new FileInfo(PathOf(digest)).Length;

    public Stream OpenRead(Digest digest)
    {
        try
        {
            return new FileStream(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            throw new Swarm.Api.Errors.NotFoundException($"blob {digest} not found");
        }
    }

    public Task<byte[]> ReadAllBytesAsync(Digest digest, CancellationToken cancellationToken)
        => File.ReadAllBytesAsync(PathOf(digest), cancellationToken);

    /// <summary>
    /// Serialises writers of one blob in this process (two pulls sharing a layer): the second waits, then finds
    /// the blob there. Dispose to release.
    /// </summary>
    public async Task<IDisposable> LockAsync(Digest digest, CancellationToken cancellationToken)
    {
        var gate = writeLocks.GetOrAdd(digest, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                gate.Release();
        }
    }

    /// <summary>Starts (or resumes) writing a blob whose digest is known in advance; see <see cref="BlobWriter"/>.</summary>
    public BlobWriter OpenWriter(Digest expected) => new(Path.Combine(ingest, expected.Hex), PathOf(expected), expected);

    /// <summary>Stores bytes whose digest the caller does not know yet (e.g. a manifest we generate).</summary>
    public async Task<Digest> PutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var digest = Digest.Of(data.Span);
        if (Exists(digest))
            return digest;
        using var held = await LockAsync(digest, cancellationToken);
        if (Exists(digest))
            return digest;
        using var writer = OpenWriter(digest);
        writer.Restart();
        await writer.WriteAsync(data, cancellationToken);
        await writer.CommitAsync(cancellationToken);
        return digest;
    }

    /// <summary>Stores a stream of unknown digest: copied to a temp file while hashed, then renamed.</summary>
    public async Task<(Digest Digest, long Size)> PutAsync(Stream source, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(ingest, "tmp-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                    size += n;
                }
                await file.FlushAsync(cancellationToken);
            }
            var digest = Digest.FromHash(hash.GetHashAndReset());
            if (Exists(digest))
                File.Delete(temp);
            else
                File.Move(temp, PathOf(digest), overwrite: true);
            return (digest, size);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    public void Delete(Digest digest) => File.Delete(PathOf(digest));

    public IEnumerable<Digest> Enumerate()
    {
        foreach (var file in Directory.EnumerateFiles(blobs))
        {
            var name = Path.GetFileName(file);
            if (Digest.IsHex64(name))
                yield return Digest.FromHex(name);
        }
    }

    /// <summary>Drops partial downloads nobody resumed (GC calls this).</summary>
    public void ClearIngest()
    {
        foreach (var file in Directory.EnumerateFiles(ingest))
            File.Delete(file);
    }
}
