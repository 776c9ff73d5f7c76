using System.CommandLine;
using Swarm.Cli.Commands;

// swarm: `swarm daemon` runs this node; `swarm version` prints ours. Exit codes: 0 ok, 1 failed, 64 bad usage.
var root = new RootCommand("Swarm: a clustered container orchestrator that speaks the Docker Engine API")
{
    DaemonCommand.Create(),
    VersionCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
