using Swarm.Api.Errors;
using Swarm.Manager.Planning.Allocation;

namespace Swarm.Manager.Planning.Tests.Allocation;

public sealed class VniPoolTests
{
    [Fact]
    public void Allocate_Fresh_StartsAt4096()
    {
        var pool = new VniPool();

        Assert.Equal(4096u, pool.Allocate());
        Assert.Equal(4097u, pool.Allocate());
    }

    [Fact]
    public void Allocate_AfterRelease_ReusesLowestFree()
    {
        var pool = new VniPool();
        pool.Allocate();
        var second = pool.Allocate();
        pool.Allocate();

        Assert.True(pool.Release(second));

        Assert.Equal(second, pool.Allocate());
        Assert.Equal(4099u, pool.Allocate());
    }

    [Fact]
    public void Allocate_ReservedVni_SkipsIt()
    {
        var pool = new VniPool();
        pool.Reserve(4096);

        Assert.Equal(4097u, pool.Allocate());
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(16_777_216u)]
    public void Reserve_OutOfRange_ThrowsInvalidSpec(uint vni)
        => Assert.Throws<InvalidSpecException>(() => new VniPool().Reserve(vni));

    [Fact]
    public void Reserve_Taken_ThrowsInvalidSpec()
    {
        var pool = new VniPool();
        pool.Reserve(5000);

        Assert.Throws<InvalidSpecException>(() => pool.Reserve(5000));
    }
}
