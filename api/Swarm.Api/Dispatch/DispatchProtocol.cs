namespace Swarm.Api.Dispatch;

/// <summary>The parts of the dispatcher contract that live outside the proto: metadata keys and certificate roles.</summary>
public static class DispatchProtocol
{
    /// <summary>Trailer on an UNAVAILABLE reply from a follower: host:port of the leader's dispatcher.</summary>
    public const string LeaderAddressTrailer = "swarm-leader-addr";

    /// <summary>Certificate OU of a worker node.</summary>
    public const string WorkerRole = "swarm-worker";

    /// <summary>Certificate OU of a manager node (managers run an agent too).</summary>
    public const string ManagerRole = "swarm-manager";
}
