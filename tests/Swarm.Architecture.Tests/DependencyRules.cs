namespace Swarm.Architecture.Tests;

/// <summary>
/// The arrows of DESIGN.md: which of our projects each production project may reference. Arrows point toward
/// Swarm.Api; Manager never sees Raft, Engine or Overlay; Engine and Overlay never see each other.
/// </summary>
public static class DependencyRules
{
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["Swarm.Api"] = [],
        ["Swarm.Api.Client"] = ["Swarm.Api"],
        ["Swarm.Store"] = ["Swarm.Api"],
        ["Swarm.Store.Raft"] = ["Swarm.Store", "Swarm.Api"],
        ["Swarm.Store.NodeHost"] = ["Swarm.Store.Raft", "Swarm.Store", "Swarm.Api"],
        ["Swarm.Manager.Planning"] = ["Swarm.Api"],
        ["Swarm.Manager"] = ["Swarm.Manager.Planning", "Swarm.Store", "Swarm.Api"],
        ["Swarm.Exec"] = ["Swarm.Api"],
        ["Swarm.Agent"] = ["Swarm.Exec", "Swarm.Api"],
        ["Swarm.Engine"] = ["Swarm.Exec", "Swarm.Api"],
        ["Swarm.Engine.Init"] = [],
        ["Swarm.Overlay"] = ["Swarm.Exec", "Swarm.Api"],
        // The one composition root wires everything.
        ["Swarm.Cli"] = ["*"],
    };
}
