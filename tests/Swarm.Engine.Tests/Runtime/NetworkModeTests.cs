using System.Diagnostics;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Tests.Runtime;

[Trait("Requires", "root")]
public sealed class NetworkModeTests
{
    [Fact]
    public async Task Run_PreMadeNamespace_IsJoined()
    {
        await using var h = new RuntimeHarness();
        var name = "swarm-rt-" + Guid.NewGuid().ToString("N")[..8];
        Ip("netns", "add", name);
        try
        {
            // What a network driver would hand over: a namespace with the container's interface already in it.
            Ip("link", "add", "v" + name[^8..], "type", "veth", "peer", "name", "eth0", "netns", name); // host end dies with the namespace
            var config = h.Config("sh", "-c", "ls /sys/class/net | tr '\\n' ' '") with { Network = NetworkMode.Namespace("/run/netns/" + name) };
            var exit = await h.RunAsync(config);
            Assert.Equal(0, exit.ExitCode);
            Assert.Equal("eth0 lo ", await h.StdoutAsync(config.Id));
        }
        finally
        {
            Ip("netns", "delete", name);
        }
    }

    [Fact]
    public async Task Run_HostNetwork_SeesTheHostsInterfaces()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("ls", "/sys/class/net") with { Network = NetworkMode.Host };
        await h.RunAsync(config);
        var host = Directory.GetFileSystemEntries("/sys/class/net").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(string.Concat(host.Select(n => n + "\n")), await h.StdoutAsync(config.Id));
    }

    private static void Ip(params string[] args)
    {
        using var ip = Process.Start(new ProcessStartInfo("ip", args) { RedirectStandardError = true })!;
        var error = ip.StandardError.ReadToEnd();
        ip.WaitForExit();
        if (ip.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', args)}: {error}");
    }
}
