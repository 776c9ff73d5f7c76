using System.CommandLine;
using Swarm.Cli.Daemon;

namespace Swarm.Cli.Commands;

/// <summary>`swarm daemon`: runs this node until SIGTERM/SIGINT; containers keep running across its restarts.</summary>
internal static class DaemonCommand
{
    public static Command Create()
    {
        var dataRoot = new Option<string>("--data-root") { Description = "Persistent state: images, containers", DefaultValueFactory = _ => DaemonOptions.DefaultDataRoot };
        var execRoot = new Option<string>("--exec-root") { Description = "Volatile state (a tmpfs such as /run)", DefaultValueFactory = _ => DaemonOptions.DefaultExecRoot };
        var host = new Option<string>("--host", "-H") { Description = "Unix socket to serve the Engine API on (root only)", DefaultValueFactory = _ => DaemonOptions.DefaultSocket };
        var initPath = new Option<string?>("--init-path") { Description = "The swarm-init executable (default: next to swarm, or $SWARM_INIT_PATH)" };
        var cgroupParent = new Option<string>("--cgroup-parent") { Description = "Parent cgroup of all containers", DefaultValueFactory = _ => "swarm" };
        var logLevel = new Option<string>("--log-level", "-l") { Description = "debug, info, warn or error", DefaultValueFactory = _ => "info" };
        var command = new Command("daemon", "Run this node: the Engine API for containers and images, and swarm mode")
        {
            dataRoot, execRoot, host, initPath, cgroupParent, logLevel,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            DaemonOptions options;
            try
            {
                options = DaemonOptions.Create(
                    result.GetValue(dataRoot)!, result.GetValue(execRoot)!, result.GetValue(host)!, result.GetValue(initPath), result.GetValue(logLevel)!)
                    with { CgroupParent = result.GetValue(cgroupParent)! };
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync("swarm daemon: " + e.Message);
                return 64;
            }

            return await DaemonHost.RunAsync(options, cancellationToken);
        });
        return command;
    }
}
