using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Exec;

namespace Swarm.Exec.Tests;

public sealed class TaskDependenciesTests
{
    [Fact]
    public void For_Task_KeepsOnlyWhatItReferences()
    {
        var all = new TaskDependencies
        {
            Secrets = new Dictionary<string, Secret> { ["s1"] = new() { Id = "s1" }, ["s2"] = new() { Id = "s2" } },
            Configs = new Dictionary<string, Config> { ["c1"] = new() { Id = "c1" } },
            Networks = new Dictionary<string, Network> { ["n1"] = new() { Id = "n1" }, ["n2"] = new() { Id = "n2" } },
        };
        var task = new SwarmTask
        {
            Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Secrets = [new FileReference { ObjectId = "s2" }] } },
            Networks = [new NetworkAttachment { NetworkId = "n1" }],
        };

        var mine = all.For(task);

        Assert.Equal(["s2"], mine.Secrets.Keys);
        Assert.Empty(mine.Configs);
        Assert.Equal(["n1"], mine.Networks.Keys);
        Assert.Throws<NotFoundException>(() => mine.Secret("s1"));
    }
}
