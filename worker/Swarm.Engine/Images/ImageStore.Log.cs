using Microsoft.Extensions.Logging;

namespace Swarm.Engine.Images;

public sealed partial class ImageStore
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted image {ImageId} (untagged {Names})")]
    private partial void LogDeleted(Digest imageId, string names);

    [LoggerMessage(Level = LogLevel.Information, Message = "Garbage collection removed {Blobs} blobs ({Bytes} bytes) and {Layers} unpacked layers")]
    private partial void LogCollected(int blobs, long bytes, int layers);
}
