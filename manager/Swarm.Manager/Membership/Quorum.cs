namespace Swarm.Manager.Membership;

/// <summary>Raft's majority arithmetic, for refusing changes that would leave the managers without a quorum.</summary>
public static class Quorum
{
    public static int Of(int members) => members / 2 + 1;

    /// <summary>
    /// Whether the managers keep a quorum once one member leaves: the reachable members that remain must still be a
    /// majority of the smaller membership.
    /// </summary>
    public static bool SurvivesRemoval(int members, int reachable, bool removedIsReachable)
    {
        if (members <= 1)
            return false;
        var reachableAfter = removedIsReachable ? reachable - 1 : reachable;
        return reachableAfter >= Of(members - 1);
    }
}
