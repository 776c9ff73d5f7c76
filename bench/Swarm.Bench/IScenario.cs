namespace Swarm.Bench;

/// <summary>One named benchmark (`store`, later `scheduler`, `control-plane`, `engine`): one file each under Scenarios/.</summary>
internal interface IScenario
{
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    Task RunAsync(BenchOutput output, CancellationToken cancellationToken);
}
