using Swarm.Engine.Images;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Api;

/// <summary>Refuses removing an image a container was created from (the runtime's containers carry its id as a label).</summary>
public sealed class RuntimeImageUsage(Func<ContainerRuntime> runtime) : IImageUsage
{
    public string? ContainerUsing(Digest imageId)
    {
        var id = imageId.ToString();
        return runtime().List().FirstOrDefault(c => EngineLabels.Get(c.Config.Labels, EngineLabels.ImageId) == id)?.Config.Name;
    }
}
