using Swarm.Testing.Docker;
using Swarm.Engine.Tests.Executor;

namespace Swarm.Engine.Tests.Api;

/// <summary>One engine on its own socket plus a docker CLI pointed at it, with busybox pulled from the fixture's registry.</summary>
internal sealed class DockerSession : IAsyncDisposable
{
    private DockerSession(EngineApiHost host, DockerCli docker, string busybox)
    {
        Host = host;
        Docker = docker;
        Busybox = busybox;
    }

    public EngineApiHost Host { get; }

    public DockerCli Docker { get; }

    /// <summary>`127.0.0.1:PORT/busybox:latest`, already pulled.</summary>
    public string Busybox { get; }

    public static async Task<DockerSession> StartAsync(BusyboxRegistryFixture registry, bool pull = true)
    {
        var host = await EngineApiHost.StartAsync();
        try
        {
            var config = host.Sub("docker-config");
            Directory.CreateDirectory(config);
            var session = new DockerSession(host, new DockerCli(host.DockerHost, config), registry.Busybox);
            if (pull)
                await session.Docker.OkAsync("pull", registry.Busybox);
            return session;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
