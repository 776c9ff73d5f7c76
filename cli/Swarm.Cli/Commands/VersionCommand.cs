using System.CommandLine;
using Swarm.Cli.Daemon;

namespace Swarm.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version of swarm");
        command.SetAction(_ => Console.WriteLine($"swarm {DaemonVersion.Current} (Docker Engine API {DaemonVersion.ApiVersion})"));
        return command;
    }
}
