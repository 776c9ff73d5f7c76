using Swarm.Api.Errors;
using Swarm.Engine.Images;

namespace Swarm.Engine.Tests.Images;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("busybox:1.36", "docker.io", "library/busybox", "1.36", "busybox:1.36")]
    [InlineData("docker.io/library/busybox", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("index.docker.io/library/busybox", "docker.io", "library/busybox", "latest", "busybox:latest")]
    [InlineData("someone/app:v2", "docker.io", "someone/app", "v2", "someone/app:v2")]
    [InlineData("localhost/app", "localhost", "app", "latest", "localhost/app:latest")]
    [InlineData("localhost:5000/x", "localhost:5000", "x", "latest", "localhost:5000/x:latest")]
    [InlineData("127.0.0.1:5000/busybox:1", "127.0.0.1:5000", "busybox", "1", "127.0.0.1:5000/busybox:1")]
    [InlineData("ghcr.io/org/team/app:1.0-rc.1", "ghcr.io", "org/team/app", "1.0-rc.1", "ghcr.io/org/team/app:1.0-rc.1")]
    public void Parse_NormalisesLikeDocker(string input, string registry, string repository, string tag, string familiar)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Null(reference.Digest);
        Assert.Equal(familiar, reference.FamiliarString);
    }

    [Fact]
    public void Parse_Digest_KeepsDigestAndNoDefaultTag()
    {
        var hex = new string('a', 64);
        var reference = ImageReference.Parse($"busybox@sha256:{hex}");

        Assert.Null(reference.Tag);
        Assert.Equal("sha256:" + hex, reference.Digest.ToString());
        Assert.Equal("sha256:" + hex, reference.ManifestReference);
        Assert.Equal($"docker.io/library/busybox@sha256:{hex}", reference.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPPER/case")]
    [InlineData("busybox:bad tag")]
    [InlineData("busybox@sha256:abc")]
    [InlineData("busybox@md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a//b")]
    public void Parse_Malformed_Throws(string input)
        => Assert.Throws<InvalidSpecException>(() => ImageReference.Parse(input));
}
