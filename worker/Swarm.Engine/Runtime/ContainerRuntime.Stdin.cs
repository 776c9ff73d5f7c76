namespace Swarm.Engine.Runtime;

public sealed partial class ContainerRuntime
{
    /// <summary>
    /// A writer on the running container's stdin (docker run -i / attach with stdin). Several may write; the
    /// container reads EOF only after <see cref="CloseStdinAsync"/> and once every writer is closed.
    /// </summary>
    public Stream OpenStdin(string id)
    {
        var entry = Get(id);
        if (!entry.Config.OpenStdin)
            throw new ContainerStateConflictException($"container {id} was not created with an open stdin (-i)");
        if (entry.State.Status != ContainerStatus.Running)
            throw new ContainerStateConflictException($"container {id} is not running");
        // The supervisor holds the FIFO open for reading and writing, so this open never waits.
        return new FileStream(entry.Dir.StdinFifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
    }

    /// <summary>Lets go of the container's stdin (stdin-once): it reads EOF once the writers are closed.</summary>
    public async Task CloseStdinAsync(string id, CancellationToken cancellationToken)
    {
        Get(id);
        var supervisor = await SupervisorAsync(cancellationToken);
        await supervisor.CloseStdinAsync(id, cancellationToken);
    }
}
