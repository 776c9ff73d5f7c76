using Swarm.Manager.ControlApi;

namespace Swarm.Manager.Tests.ControlApi;

internal sealed class FakeLocalNode : ILocalNode
{
    public string NodeId { get; set; } = "node1managerid000000000000";
    public string Hostname { get; set; } = "manager-1";
    public string Address { get; set; } = "198.18.0.1";
    public LocalNodeState State { get; set; } = LocalNodeState.Active;
    public bool IsManager { get; set; } = true;
    public string EngineVersion => "0.1.0-test";
}
