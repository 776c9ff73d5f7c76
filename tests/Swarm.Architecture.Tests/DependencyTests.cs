namespace Swarm.Architecture.Tests;

public class DependencyTests
{
    [Fact]
    public void ProductionProjects_ReferenceOnlyWhatTheDesignAllows()
    {
        var violations = ProjectGraph.Load()
            .SelectMany(p => p.Value.Select(r => (Project: p.Key, Reference: r)))
            .Where(x => DependencyRules.Allowed.TryGetValue(x.Project, out var allowed) && !allowed.Contains("*") && !allowed.Contains(x.Reference))
            .Select(x => $"{x.Project} -> {x.Reference}")
            .ToList();

        Assert.True(violations.Count == 0, "forbidden references: " + string.Join(", ", violations));
    }

    [Fact]
    public void ProductionProjects_AreAllListedInTheRules()
    {
        var unlisted = ProjectGraph.Load().Keys.Where(p => !DependencyRules.Allowed.ContainsKey(p)).ToList();

        Assert.True(unlisted.Count == 0, "add these projects to DependencyRules: " + string.Join(", ", unlisted));
    }

    [Fact]
    public void ProjectGraph_FindsTheFoundationProjects()
    {
        var projects = ProjectGraph.Load();

        Assert.Contains("Swarm.Api", projects.Keys);
        Assert.Contains("Swarm.Store", projects.Keys);
        Assert.Contains("Swarm.Store.Raft", projects.Keys);
    }
}
