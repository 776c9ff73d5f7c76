using Swarm.Api.Errors;
using Swarm.Manager.Planning.Allocation;

namespace Swarm.Manager.Planning.Tests.Allocation;

public sealed class SubnetPoolTests
{
    [Fact]
    public void Allocate_DefaultPool_CarvesConsecutive24s()
    {
        var pool = new SubnetPool(["10.0.0.0/8"], 24);

        Assert.Equal("10.0.0.0/24", pool.Allocate().ToString());
        Assert.Equal("10.0.1.0/24", pool.Allocate().ToString());
        Assert.Equal("10.0.2.0/24", pool.Allocate().ToString());
    }

    [Fact]
    public void Allocate_UserSubnetInTheWay_SkipsPastIt()
    {
        var pool = new SubnetPool(["10.0.0.0/8"], 24);
        pool.Reserve(Ipv4Subnet.Parse("10.0.0.0/23"));

        Assert.Equal("10.0.2.0/24", pool.Allocate().ToString());
    }

    [Fact]
    public void Allocate_AfterRelease_ReusesLowest()
    {
        var pool = new SubnetPool(["10.0.0.0/8"], 24);
        var first = pool.Allocate();
        pool.Allocate();

        Assert.True(pool.Release(first));

        Assert.Equal(first, pool.Allocate());
    }

    [Fact]
    public void Allocate_FirstPoolFull_MovesToNextPool()
    {
        var pool = new SubnetPool(["10.10.0.0/23", "192.168.0.0/16"], 24);
        pool.Allocate();
        pool.Allocate();

        Assert.Equal("192.168.0.0/24", pool.Allocate().ToString());
    }

    [Fact]
    public void Allocate_AllPoolsFull_ThrowsExhausted()
    {
        var pool = new SubnetPool(["10.10.0.0/24"], 24);
        pool.Allocate();

        var error = Assert.Throws<AllocationExhaustedException>(() => pool.Allocate());
        Assert.Contains("/24", error.Message);
    }

    [Fact]
    public void Reserve_OverlapsUsedSubnet_ThrowsInvalidSpecNamingIt()
    {
        var pool = new SubnetPool(["10.0.0.0/8"], 24);
        pool.Allocate();

        var error = Assert.Throws<InvalidSpecException>(() => pool.Reserve(Ipv4Subnet.Parse("10.0.0.128/25")));
        Assert.Contains("10.0.0.0/24", error.Message);
    }

    [Fact]
    public void Reserve_OutsideDefaultPools_Accepted()
    {
        var pool = new SubnetPool(["10.0.0.0/8"], 24);

        pool.Reserve(Ipv4Subnet.Parse("172.28.0.0/16"));

        Assert.Contains(Ipv4Subnet.Parse("172.28.0.0/16"), pool.Used);
    }

    [Fact]
    public void Constructor_SubnetSizeLargerThanPool_ThrowsInvalidSpec()
        => Assert.Throws<InvalidSpecException>(() => new SubnetPool(["10.0.0.0/24"], 16));

    [Theory]
    [InlineData("10.0.1.5/24")]
    [InlineData("fd00::/64")]
    [InlineData("nonsense")]
    public void Parse_HostBitsOrIpv6OrGarbage_ThrowsInvalidSpec(string cidr)
        => Assert.Throws<InvalidSpecException>(() => Ipv4Subnet.Parse(cidr));
}
