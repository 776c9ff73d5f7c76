namespace Swarm.Manager.ControlApi;

/// <summary>What the API needs to know about the node it runs on. The daemon implements it.</summary>
public interface ILocalNode
{
    /// <summary>This node's id, or "" while it is in no swarm.</summary>
    string NodeId { get; }

    string Hostname { get; }

    /// <summary>The address other nodes reach this one at (an IP, no port), or "" while in no swarm.</summary>
    string Address { get; }

    LocalNodeState State { get; }

    /// <summary>True when this node is a manager (it holds the store and may answer cluster requests).</summary>
    bool IsManager { get; }

    /// <summary>Our version, shown by /version and /info.</summary>
    string EngineVersion { get; }
}

/// <summary>Docker's LocalNodeState words: inactive, pending, active, error, locked.</summary>
public enum LocalNodeState { Inactive, Pending, Active, Error, Locked }
