using Swarm.Api.Dispatch;

namespace Swarm.Agent.Sessions;

/// <summary>
/// The managers an agent may talk to: the configured seeds plus those the managers report, in a ring. A failed
/// manager sends the agent to the next one; a "not leader, leader is X" answer sends it straight to X.
/// </summary>
internal sealed class ManagerAddressBook
{
    private readonly Lock gate = new();
    private readonly List<string> addresses;
    private int position;
    private string? leaderHint;

    public ManagerAddressBook(IEnumerable<string> seeds)
    {
        addresses = seeds.Distinct(StringComparer.Ordinal).ToList();
        if (addresses.Count == 0)
            throw new ArgumentException("an agent needs at least one manager address", nameof(seeds));
    }

    public IReadOnlyList<string> Addresses
    {
        get
        {
            lock (gate)
                return addresses.ToList();
        }
    }

    /// <summary>Where to connect next: the leader if one was named, else the current manager in the ring.</summary>
    public string Next()
    {
        lock (gate)
        {
            if (leaderHint is { } leader)
            {
                leaderHint = null;
                position = addresses.IndexOf(leader);
                return leader;
            }
            return addresses[position];
        }
    }

    public void Failed(string address)
    {
        lock (gate)
        {
            if (addresses[position] == address)
                position = (position + 1) % addresses.Count;
        }
    }

    public void LeaderIs(string address)
    {
        lock (gate)
        {
            if (!addresses.Contains(address))
                addresses.Add(address);
            leaderHint = address;
        }
    }

    /// <summary>Adds managers the cluster reported; known ones keep their place so the ring stays stable.</summary>
    public void Learn(IEnumerable<ManagerPeer> peers)
    {
        lock (gate)
        {
            foreach (var peer in peers)
            {
                if (peer.Addr.Length > 0 && !addresses.Contains(peer.Addr))
                    addresses.Add(peer.Addr);
            }
        }
    }
}
