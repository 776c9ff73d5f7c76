using Swarm.Api.Errors;
using Swarm.Api.Objects;

namespace Swarm.Exec;

/// <summary>
/// The objects a task needs besides itself, as the dispatcher sent them: secrets and configs (held in memory only,
/// never written to the agent's disk) and the networks it attaches to.
/// </summary>
public sealed record TaskDependencies
{
    public static readonly TaskDependencies None = new();

    public IReadOnlyDictionary<string, Secret> Secrets { get; init; } = new Dictionary<string, Secret>();
    public IReadOnlyDictionary<string, Config> Configs { get; init; } = new Dictionary<string, Config>();
    public IReadOnlyDictionary<string, Network> Networks { get; init; } = new Dictionary<string, Network>();

    public Secret Secret(string id)
        => Secrets.TryGetValue(id, out var secret) ? secret : throw NotFoundException.For("secret", id);

    public Config Config(string id)
        => Configs.TryGetValue(id, out var config) ? config : throw NotFoundException.For("config", id);

    public Network Network(string id)
        => Networks.TryGetValue(id, out var network) ? network : throw NotFoundException.For("network", id);

    /// <summary>Only what <paramref name="task"/> references, so a controller never sees another task's secrets.</summary>
    public TaskDependencies For(SwarmTask task)
    {
        var container = task.Spec.ContainerSpec;
        return new TaskDependencies
        {
            Secrets = Pick(Secrets, container.Secrets.Select(s => s.ObjectId)),
            Configs = Pick(Configs, container.Configs.Select(c => c.ObjectId)),
            Networks = Pick(Networks, task.Networks.Select(n => n.NetworkId)),
        };
    }

    private static Dictionary<string, T> Pick<T>(IReadOnlyDictionary<string, T> all, IEnumerable<string> ids)
    {
        var picked = new Dictionary<string, T>();
        foreach (var id in ids)
        {
            if (all.TryGetValue(id, out var value))
                picked[id] = value;
        }
        return picked;
    }
}
