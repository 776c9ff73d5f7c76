using System.Text;
using Swarm.Engine.Images;
using Swarm.Testing;

namespace Swarm.Engine.Tests.Images;

public sealed class ContentStoreTests
{
    [Fact]
    public async Task PutAsync_Bytes_StoresUnderTheirSha256()
    {
        using var dir = new TempDirectory();
        var store = new ContentStore(dir.Path);
        var data = Encoding.UTF8.GetBytes("hello");

        var digest = await store.PutAsync(data, CancellationToken.None);

        Assert.Equal("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", digest.ToString());
        Assert.Equal(data, await store.ReadAllBytesAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task Writer_WrongContent_IsRejectedAndNothingIsStored()
    {
        using var dir = new TempDirectory();
        var store = new ContentStore(dir.Path);
        var expected = Digest.Of("right"u8);

        using var writer = store.OpenWriter(expected);
        await writer.ResumeAsync(CancellationToken.None);
        await writer.WriteAsync("wrong"u8.ToArray(), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidImageException>(() => writer.CommitAsync(CancellationToken.None));
        Assert.False(store.Exists(expected));
    }

    [Fact]
    public async Task Writer_Resumed_ContinuesFromThePartialFile()
    {
        using var dir = new TempDirectory();
        var store = new ContentStore(dir.Path);
        var data = Encoding.UTF8.GetBytes("first half|second half");
        var expected = Digest.Of(data);
        using (var first = store.OpenWriter(expected))
        {
            await first.ResumeAsync(CancellationToken.None);
            await first.WriteAsync(data.AsMemory(0, 11), CancellationToken.None);
        } // interrupted: the partial file stays

        using var second = store.OpenWriter(expected);
        var offset = await second.ResumeAsync(CancellationToken.None);
        await second.WriteAsync(data.AsMemory((int)offset), CancellationToken.None);
        await second.CommitAsync(CancellationToken.None);

        Assert.Equal(11, offset);
        Assert.Equal(data, await store.ReadAllBytesAsync(expected, CancellationToken.None));
    }
}
