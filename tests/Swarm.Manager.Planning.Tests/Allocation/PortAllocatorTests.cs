using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Allocation;

namespace Swarm.Manager.Planning.Tests.Allocation;

public sealed class PortAllocatorTests
{
    private static PortConfig Port(uint published, uint target = 80, PortProtocol protocol = PortProtocol.Tcp,
        PublishMode mode = PublishMode.Ingress)
        => new() { PublishedPort = published, TargetPort = target, Protocol = protocol, PublishMode = mode };

    [Fact]
    public void Allocate_ZeroPorts_GetsLowestOfDynamicRange()
    {
        var ports = new PortAllocator();

        var a = ports.Allocate("s1", "web", [Port(0), Port(0, target: 443)]);
        var b = ports.Allocate("s2", "api", [Port(0)]);

        Assert.Equal([30000u, 30001u], a.Select(p => p.PublishedPort));
        Assert.Equal(30002u, Assert.Single(b).PublishedPort);
    }

    [Fact]
    public void Allocate_ExplicitPortHeldByOtherService_ThrowsNamingHolder()
    {
        var ports = new PortAllocator();
        ports.Allocate("s1", "web", [Port(8080)]);

        var error = Assert.Throws<InvalidSpecException>(() => ports.Allocate("s2", "api", [Port(0), Port(8080)]));

        Assert.Equal("port '8080' is already in use by service 'web' (s1) as an ingress port", error.Message);
        Assert.Null(ports.HolderOf(PortProtocol.Tcp, 30000));
    }

    [Fact]
    public void Allocate_SamePortOtherProtocol_Accepted()
    {
        var ports = new PortAllocator();
        ports.Allocate("s1", "web", [Port(80)]);

        var udp = ports.Allocate("s2", "dns", [Port(80, protocol: PortProtocol.Udp)]);

        Assert.Equal(80u, Assert.Single(udp).PublishedPort);
        Assert.Equal("s1", ports.HolderOf(PortProtocol.Tcp, 80));
        Assert.Equal("s2", ports.HolderOf(PortProtocol.Udp, 80));
    }

    [Fact]
    public void Allocate_DynamicRangeSkipsExplicitlyHeldPort()
    {
        var ports = new PortAllocator();
        ports.Allocate("s1", "web", [Port(30000)]);

        Assert.Equal(30001u, Assert.Single(ports.Allocate("s2", "api", [Port(0)])).PublishedPort);
    }

    [Fact]
    public void Allocate_OutOfRange_ThrowsInvalidSpec()
        => Assert.Throws<InvalidSpecException>(() => new PortAllocator().Allocate("s1", "web", [Port(65536)]));

    [Fact]
    public void Allocate_DuplicateInOneSpec_ThrowsInvalidSpec()
        => Assert.Throws<InvalidSpecException>(() => new PortAllocator().Allocate("s1", "web", [Port(80), Port(80, target: 81)]));

    [Fact]
    public void Allocate_HostMode_PassedThroughNotHeld()
    {
        var ports = new PortAllocator();

        var result = ports.Allocate("s1", "web", [Port(8080, mode: PublishMode.Host), Port(0, mode: PublishMode.Host)]);

        Assert.Equal([8080u, 0u], result.Select(p => p.PublishedPort));
        Assert.Null(ports.HolderOf(PortProtocol.Tcp, 8080));
        Assert.Equal(8080u, Assert.Single(ports.Allocate("s2", "api", [Port(8080)])).PublishedPort);
    }

    [Fact]
    public void Allocate_UpdateKeepsDynamicPortAndFreesDroppedOnes()
    {
        var ports = new PortAllocator();
        ports.Allocate("s1", "web", [Port(0), Port(9000, target: 90)]);
        ports.Allocate("s2", "api", [Port(0)]);

        var updated = ports.Allocate("s1", "web", [Port(0), Port(9001, target: 90)]);

        Assert.Equal([30000u, 9001u], updated.Select(p => p.PublishedPort));
        Assert.Null(ports.HolderOf(PortProtocol.Tcp, 9000));
        Assert.Equal(9000u, Assert.Single(ports.Allocate("s3", "other", [Port(9000)])).PublishedPort);
    }

    [Fact]
    public void Release_Service_FreesItsPorts()
    {
        var ports = new PortAllocator();
        ports.Allocate("s1", "web", [Port(0), Port(80)]);

        ports.Release("s1");

        Assert.Equal([30000u, 80u], ports.Allocate("s2", "api", [Port(0), Port(80)]).Select(p => p.PublishedPort));
    }
}
