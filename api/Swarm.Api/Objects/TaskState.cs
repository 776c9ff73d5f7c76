namespace Swarm.Api.Objects;

/// <summary>
/// A task's life, with SwarmKit's spaced values so a state can be inserted later. States only move forward.
/// <code>
/// State      Value  Set by        Meaning
/// New          0    orchestrator  created for a slot or node
/// Pending     64    allocator     resources allocated, waiting for the scheduler
/// Assigned   192    scheduler     node chosen; the dispatcher will send it
/// Accepted   256    agent         controller resolved
/// Preparing  320    agent         pulling the image, creating the container
/// Ready      384    agent         prepared; waits for desired state >= Running
/// Starting   448    agent         starting
/// Running    512    agent         running (and healthy when there is a healthcheck)
/// Complete   576    agent         exited 0
/// Shutdown   640    agent         stopped because desired state is Shutdown
/// Failed     704    agent         exited non-zero or runtime error
/// Rejected   768    agent         never ran (pull or create failed)
/// Remove     800    orchestrator  desired only: removed or scaled down, reaped after shutdown
/// Orphaned   832    dispatcher    node down for too long
/// </code>
/// </summary>
public enum TaskState
{
    New = 0,
    Pending = 64,
    Assigned = 192,
    Accepted = 256,
    Preparing = 320,
    Ready = 384,
    Starting = 448,
    Running = 512,
    Complete = 576,
    Shutdown = 640,
    Failed = 704,
    Rejected = 768,
    Remove = 800,
    Orphaned = 832,
}

public static class TaskStateExtensions
{
    /// <summary>True once the task can never run again.</summary>
    public static bool IsTerminal(this TaskState state) => state > TaskState.Running;

    /// <summary>Observed states may only move forward; equal is allowed so repeated reports are harmless.</summary>
    public static bool CanMoveTo(this TaskState from, TaskState to) => to >= from;
}
