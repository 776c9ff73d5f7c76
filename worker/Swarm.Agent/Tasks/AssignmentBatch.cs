using Swarm.Api.Objects;

namespace Swarm.Agent.Tasks;

/// <summary>
/// One assignments message, decoded. <see cref="Complete"/> means it is the node's whole work: anything held that
/// it does not name is dropped.
/// </summary>
internal sealed record AssignmentBatch
{
    public bool Complete { get; init; }
    public List<SwarmTask> Tasks { get; } = [];
    public List<string> RemovedTasks { get; } = [];
    public List<Secret> Secrets { get; } = [];
    public List<string> RemovedSecrets { get; } = [];
    public List<Config> Configs { get; } = [];
    public List<string> RemovedConfigs { get; } = [];
    public List<Network> Networks { get; } = [];
    public List<string> RemovedNetworks { get; } = [];
}
