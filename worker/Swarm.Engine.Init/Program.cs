using Swarm.Engine.Init;
using Swarm.Engine.Init.Protocol;
using Swarm.Engine.Init.Supervision;

// swarm-init: the first process of every container. Modes (argv[1]):
//   supervise <socket>  one per node, started by the engine: forks each container's PID 1 (ContainerInit:
//                       namespaces, rootfs, mounts, identity, privileges, execve) on request, writes their
//                       stdout/stderr to json-file logs, reaps them and records exit statuses. Being their parent
//                       lets exit codes survive an engine restart (live restore).
//   exec <spec>         joins a running container's cgroups and namespaces and runs one command in it.
return args switch
{
    ["supervise", var socket] => Supervisor.Run(socket),
    ["exec", var spec] => ExecMode.Run(InitSpecCodec.Decode(File.ReadAllBytes(spec))),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: swarm-init supervise <socket> | exec <spec-file>");
    return 64;
}
