using Microsoft.Extensions.Logging;

namespace Swarm.Engine.Runtime;

public sealed partial class ContainerRuntime
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "container {Id} started, pid {Pid}")]
        public static partial void Started(ILogger logger, string id, int pid);

        [LoggerMessage(Level = LogLevel.Warning, Message = "container {Id} failed to start: {Reason}")]
        public static partial void StartFailed(ILogger logger, string id, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "container {Id} exited with {ExitCode} (OOM killed: {OomKilled})")]
        public static partial void Exited(ILogger logger, string id, int exitCode, bool oomKilled);

        [LoggerMessage(Level = LogLevel.Information, Message = "container {Id} did not stop within {Seconds} s, sending SIGKILL")]
        public static partial void StopTimedOut(ILogger logger, string id, double seconds);

        [LoggerMessage(Level = LogLevel.Debug, Message = "container {Id} removed")]
        public static partial void Removed(ILogger logger, string id);

        [LoggerMessage(Level = LogLevel.Information, Message = "re-adopted running container {Id} (pid {Pid})")]
        public static partial void Adopted(ILogger logger, string id, int pid);

        [LoggerMessage(Level = LogLevel.Warning, Message = "skipping unreadable container state in {Path}: {Reason}")]
        public static partial void RestoreSkipped(ILogger logger, string path, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "could not remove the cgroups of container {Id}: {Reason}")]
        public static partial void CgroupRemoveFailed(ILogger logger, string id, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "healthcheck of container {Id} failed: {Reason}")]
        public static partial void HealthcheckFailed(ILogger logger, string id, string reason);
    }
}
