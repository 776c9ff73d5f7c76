using Swarm.Manager.ControlApi;

namespace Swarm.Cli.Daemon;

/// <summary>This node while it is in no swarm: the Control API answers cluster requests as Docker does then.</summary>
internal sealed class InactiveNode : ILocalNode
{
    public string NodeId => "";

    public string Hostname { get; } = Environment.MachineName;

    public string Address => "";

    public LocalNodeState State => LocalNodeState.Inactive;

    public bool IsManager => false;

    public string EngineVersion => DaemonVersion.Current;
}
