using Swarm.Engine.Images;
using Swarm.Engine.Runtime;
using Swarm.Manager.ControlApi;

namespace Swarm.Cli.Daemon;

/// <summary>/info's engine section from this node's runtime and image store.</summary>
internal sealed class EngineSummaryProvider(ContainerRuntime runtime, ImageStore images, DaemonOptions options) : ILocalEngine
{
    public async Task<EngineSummary> SummarizeAsync(CancellationToken cancellationToken)
    {
        var containers = runtime.List();
        var running = containers.Count(c => c.State.Status == ContainerStatus.Running);
        return new EngineSummary(
            running, 0, containers.Count - running, (await images.ListAsync(cancellationToken)).Count,
            "overlay2", "cgroupfs", runtime.Cgroups.Version.TrimStart('v'), options.DataRoot);
    }
}
