using Swarm.Api.Errors;

namespace Swarm.Engine.Images;

/// <summary>400-class: an image, manifest, blob or layer is malformed, fails its digest, or is hostile.</summary>
public sealed class InvalidImageException(string message, Exception? inner = null) : SwarmException(message, inner);

/// <summary>409: an image cannot be removed because a container uses it (use force to untag anyway).</summary>
public sealed class ImageInUseException(string image, string container)
    : SwarmException($"conflict: unable to remove image {image}: image is being used by container {container}")
{
    public string Container { get; } = container;
}

/// <summary>A registry answered with an error (after auth); carries the HTTP status for the API to map.</summary>
public sealed class RegistryException(string message, int statusCode, Exception? inner = null) : SwarmException(message, inner)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>409: the request needs force (e.g. deleting by id an image that has several names).</summary>
public sealed class ImageConflictException(string message) : SwarmException(message);
