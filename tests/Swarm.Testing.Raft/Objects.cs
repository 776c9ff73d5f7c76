using Swarm.Store;
using Swarm.Store.Raft;
using Swarm.Api.Objects;

namespace Swarm.Testing.Raft;

public static class Objects
{
    public static Config NewConfig(string name, int size = 16)
        => new() { Id = Ids.New(), Spec = new ConfigSpec { Name = name, Data = new byte[size] } };

    /// <summary>Creates a config through the store and returns its id.</summary>
    public static async Task<string> CreateConfigAsync(this MemoryStore store, string name, CancellationToken cancellationToken = default)
    {
        var config = NewConfig(name);
        await store.UpdateAsync(tx => tx.Configs.Create(config), cancellationToken);
        return config.Id;
    }
}
