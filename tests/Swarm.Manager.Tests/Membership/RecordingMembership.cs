using Swarm.Manager.Membership;

namespace Swarm.Manager.Tests.Membership;

/// <summary>A Raft membership as a list: records what the role manager or the membership service asked of it.</summary>
internal sealed class RecordingMembership(string self, params string[] members) : IManagerMembership
{
    private readonly List<string> members = [.. members];
    public int Resignations;

    public string Self => self;

    public IReadOnlyList<string> Members { get { lock (members) return members.ToArray(); } }

    public Task AddAsync(string raftAddress, CancellationToken cancellationToken)
    {
        lock (members)
            members.Add(raftAddress);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string raftAddress, CancellationToken cancellationToken)
    {
        lock (members)
            members.Remove(raftAddress);
        return Task.CompletedTask;
    }

    public Task ResignAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Resignations);
        return Task.CompletedTask;
    }
}
