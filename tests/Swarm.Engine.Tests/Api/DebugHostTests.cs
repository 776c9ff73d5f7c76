using Swarm.Engine.Tests.Executor;

namespace Swarm.Engine.Tests.Api;

public sealed class DebugHostTests(BusyboxRegistryFixture registry) : IClassFixture<BusyboxRegistryFixture>
{
    [Fact]
    public async Task DebugHost()
    {
        await using var session = await DockerSession.StartAsync(registry);
        await File.WriteAllTextAsync("/tmp/engine-debug.txt", session.Host.DockerHost + " " + session.Busybox);
        for (var i = 0; i < 600 && !File.Exists("/tmp/engine-debug.stop"); i++)
            await Task.Delay(1000);
    }
}
