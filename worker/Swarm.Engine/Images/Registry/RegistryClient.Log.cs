using Microsoft.Extensions.Logging;

namespace Swarm.Engine.Images.Registry;

public sealed partial class RegistryClient
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Authenticated to {Registry} with {Scheme} for {Scope}")]
    private partial void LogAuthenticated(string registry, string scheme, string scope);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled {Reference} ({Digest}): {Layers} layers, {Bytes} bytes downloaded")]
    private partial void LogPulled(string reference, Digest digest, int layers, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pushed {Reference} ({Digest})")]
    private partial void LogPushed(string reference, Digest digest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Download of {Digest} broke at byte {Offset} (attempt {Attempt}); resuming")]
    private partial void LogResuming(Digest digest, long offset, int attempt, Exception exception);
}
