namespace Swarm.Store.Raft.Tests.Processes;

/// <summary>
/// Tests that start clusters of OS processes run one at a time, apart from every other test: several clusters of
/// 150-300 ms election timeouts on a 2-core machine would make leaders flap.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "Processes";
}
