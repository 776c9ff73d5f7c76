using Swarm.Engine.Init;
using Swarm.Engine.Init.Protocol;

// swarm-init: the first process of every container. Modes (argv[1]):
//   monitor <spec>  started by the engine; forks PID 1 of a new PID namespace (ContainerInit: namespaces,
//                   rootfs, mounts, identity, privileges, execve), writes the container's stdout/stderr to the
//                   json-file log, waits, records the exit status. It is the container's parent, so the exit
//                   code survives an engine restart (live restore).
//   exec <spec>     joins a running container's cgroups and namespaces and runs one command in it.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: swarm-init monitor|exec <spec-file>");
    return 64;
}

var spec = InitSpecCodec.Decode(File.ReadAllBytes(args[1]));
return args[0] switch
{
    "monitor" => ContainerMonitor.Run(spec),
    "exec" => ExecMode.Run(spec),
    _ => 64,
};
