using Swarm.Api.Errors;
using Swarm.Cli.Daemon.Cluster;

namespace Swarm.Cli.Tests.Cluster;

public sealed class ClusterAddressesTests
{
    [Theory]
    [InlineData("10.1.2.3", null, "10.1.2.3:2377", "10.1.2.3")]
    [InlineData("10.1.2.3:4000", null, "10.1.2.3:4000", "10.1.2.3")]
    [InlineData("0.0.0.0:2377", "10.9.9.9", "0.0.0.0:2377", "10.9.9.9")]
    [InlineData(":4000", "10.9.9.9:4000", "0.0.0.0:4000", "10.9.9.9")]
    [InlineData(null, "lo", "0.0.0.0:2377", "127.0.0.1")]
    [InlineData("lo:2400", null, "127.0.0.1:2400", "127.0.0.1")]
    public void Resolve_ReadsAddressesAsDockerDoes(string? listen, string? advertise, string expectedListen, string expectedAdvertise)
        => Assert.Equal((expectedListen, expectedAdvertise), ClusterAddresses.Resolve(listen, advertise));

    [Theory]
    [InlineData(null, null, "127.0.0.1:2377", "0.0.0.0:2377", "127.0.0.1")]
    [InlineData("0.0.0.0:2377", null, "127.0.0.1:2377", "0.0.0.0:2377", "127.0.0.1")]
    [InlineData(null, "10.9.9.9", "127.0.0.1:2377", "0.0.0.0:2377", "10.9.9.9")]
    [InlineData("10.1.2.3", null, "127.0.0.1:2377", "10.1.2.3:2377", "10.1.2.3")]
    public void ResolveForJoin_WithoutAnAddress_AdvertisesTheOneThatReachesTheManager(
        string? listen, string? advertise, string remote, string expectedListen, string expectedAdvertise)
        => Assert.Equal((expectedListen, expectedAdvertise), ClusterAddresses.ResolveForJoin(listen, advertise, remote));

    [Theory]
    [InlineData("10.1.2.3:http", null, "bad port")]
    [InlineData("10.1.2.3:70000", null, "bad port")]
    [InlineData("no-such-interface0", null, "neither an IP address nor a network interface")]
    [InlineData("[::1]:2377", null, "only IPv4")]
    [InlineData(null, "0.0.0.0", "non-zero IP address")]
    public void Resolve_BadInput_IsAReadableInvalidSpec(string? listen, string? advertise, string expected)
    {
        var error = Assert.Throws<InvalidSpecException>(() => ClusterAddresses.Resolve(listen, advertise));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
