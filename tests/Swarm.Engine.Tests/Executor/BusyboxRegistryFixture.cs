using Swarm.Engine.Tests.Images;
using Swarm.Testing.Images;

namespace Swarm.Engine.Tests.Executor;

/// <summary>One local registry per test class, seeded (by skopeo, independently of our client) with busybox:latest.</summary>
public sealed class BusyboxRegistryFixture : IAsyncLifetime
{
    private LocalRegistry? registry;

    public LocalRegistry Registry => registry ?? throw new InvalidOperationException("fixture not initialised");

    public string Busybox => $"{Registry.Address}/busybox:latest";

    public async Task InitializeAsync()
    {
        registry = await LocalRegistry.StartAsync();
        await RegistrySeed.PushAsync(BusyboxImage.Build(), registry, "busybox:latest");
    }

    public async Task DisposeAsync()
    {
        if (registry is not null)
            await registry.DisposeAsync();
    }
}
