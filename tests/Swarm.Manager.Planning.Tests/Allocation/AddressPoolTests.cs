using Swarm.Api.Errors;
using Swarm.Manager.Planning.Allocation;

namespace Swarm.Manager.Planning.Tests.Allocation;

public sealed class AddressPoolTests
{
    private static AddressPool Pool(string subnet, string? gateway = null, string? range = null)
        => new(Ipv4Subnet.Parse(subnet), gateway, range);

    [Fact]
    public void Constructor_NoGateway_TakesFirstUsableAndAllocatesAfterIt()
    {
        var pool = Pool("10.0.1.0/24");

        Assert.Equal("10.0.1.1", pool.Config.Gateway);
        Assert.Equal("10.0.1.2/24", pool.Allocate());
        Assert.Equal("10.0.1.3/24", pool.Allocate());
    }

    [Fact]
    public void Constructor_GivenGateway_KeepsItAndAllocatesFromFirstUsable()
    {
        var pool = Pool("10.0.1.0/24", gateway: "10.0.1.254");

        Assert.Equal("10.0.1.254", pool.Config.Gateway);
        Assert.Equal("10.0.1.1/24", pool.Allocate());
    }

    [Fact]
    public void Constructor_GatewayIsBroadcast_ThrowsInvalidSpec()
        => Assert.Throws<InvalidSpecException>(() => Pool("10.0.1.0/24", gateway: "10.0.1.255"));

    [Fact]
    public void Allocate_IpRange_StaysInRange()
    {
        // As in libnetwork, the range's own first address is usable when it is not the subnet's network address.
        var pool = Pool("10.0.0.0/16", range: "10.0.5.0/24");

        Assert.Equal("10.0.5.0", pool.Config.Gateway);
        Assert.Equal("10.0.5.1/16", pool.Allocate());
        Assert.Equal("10.0.5.0/24", pool.Config.IpRange);
    }

    [Fact]
    public void Constructor_RangeOutsideSubnet_ThrowsInvalidSpec()
        => Assert.Throws<InvalidSpecException>(() => Pool("10.0.0.0/24", range: "10.0.1.0/24"));

    [Fact]
    public void Release_ThenAllocate_ReusesLowestFreed()
    {
        var pool = Pool("10.0.1.0/24");
        var a = pool.Allocate();
        var b = pool.Allocate();
        pool.Allocate();

        Assert.True(pool.Release(b));
        Assert.True(pool.Release(a));

        Assert.Equal(a, pool.Allocate());
        Assert.Equal(b, pool.Allocate());
        Assert.Equal("10.0.1.5/24", pool.Allocate());
    }

    [Fact]
    public void Release_Gateway_Refused()
    {
        var pool = Pool("10.0.1.0/24");

        Assert.False(pool.Release("10.0.1.1"));
        Assert.Equal("10.0.1.2/24", pool.Allocate());
    }

    [Fact]
    public void Allocate_Exhausted_ThrowsNamingSubnetAndNeverGivesNetworkOrBroadcast()
    {
        var pool = Pool("10.0.1.0/29");
        var given = Enumerable.Range(0, 5).Select(_ => pool.Allocate()).ToList();

        Assert.Equal(["10.0.1.2/29", "10.0.1.3/29", "10.0.1.4/29", "10.0.1.5/29", "10.0.1.6/29"], given);
        var error = Assert.Throws<AllocationExhaustedException>(() => pool.Allocate());
        Assert.Contains("10.0.1.0/29", error.Message);
        Assert.False(pool.TryAllocate(out _));
    }

    [Fact]
    public void TryReserve_NetworkBroadcastOrTaken_Refused()
    {
        var pool = Pool("10.0.1.0/24");

        Assert.False(pool.TryReserve("10.0.1.0"));
        Assert.False(pool.TryReserve("10.0.1.255"));
        Assert.True(pool.TryReserve("10.0.1.2/24"));
        Assert.False(pool.TryReserve("10.0.1.2/24"));
        Assert.Equal("10.0.1.3/24", pool.Allocate());
    }
}
