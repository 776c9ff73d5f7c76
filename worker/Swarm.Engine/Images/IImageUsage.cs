namespace Swarm.Engine.Images;

/// <summary>
/// Which container, if any, uses an image: the runtime implements it so removing an image in use is refused.
/// </summary>
public interface IImageUsage
{
    /// <summary>The id or name of one container created from the image, or null when none is.</summary>
    string? ContainerUsing(Digest imageId);
}

/// <summary>For stores that no runtime uses (tests, tools): nothing is ever in use.</summary>
public sealed class NoImageUsage : IImageUsage
{
    public static readonly NoImageUsage Instance = new();

    public string? ContainerUsing(Digest imageId) => null;
}
