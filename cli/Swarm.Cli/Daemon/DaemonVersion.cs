using System.Reflection;

namespace Swarm.Cli.Daemon;

internal static class DaemonVersion
{
    public const string ApiVersion = "1.41";

    public static string Current { get; } =
        typeof(DaemonVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
