using System.Collections.Concurrent;
using Swarm.Store.NodeHost.Api.Contracts;

namespace Swarm.Store.Raft.Tests.Processes;

/// <summary>
/// Every write attempted against a cluster, with client-side real time, and a check of the final state against it.
/// Each attempt creates a config of a fresh name, so the final state tells which attempts took effect. The store
/// version is the commit order; a linearizable store must respect real time with it:
/// <list type="bullet">
/// <item>every acknowledged write is present, with the id and version it was acknowledged with;</item>
/// <item>nothing is present that was never attempted;</item>
/// <item>a write that took effect has a higher version than every write acknowledged before it started.</item>
/// </list>
/// Writes that failed ambiguously (503, connection lost, timeout) may or may not be present.
/// </summary>
internal sealed class WriteHistory
{
    private readonly ConcurrentBag<Attempt> attempts = [];

    public void Acknowledged(string name, long start, long end, CreatedConfig created)
        => attempts.Add(new Attempt(name, start, end, created));

    public void Ambiguous(string name, long start, long end) => attempts.Add(new Attempt(name, start, end, null));

    public int AcknowledgedCount => attempts.Count(a => a.Created is not null);

    public int AcknowledgedStartedAfter(long time) => attempts.Count(a => a.Created is not null && a.Start > time);

    /// <summary>Checks one node's final configs; returns every violation found (empty = consistent).</summary>
    public List<string> Violations(IReadOnlyList<ConfigSummary> finalState, string prefix)
    {
        var byName = attempts.ToDictionary(a => a.Name);
        var present = finalState.Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(c => c.Name);
        var violations = new List<string>();

        foreach (var attempt in byName.Values.Where(a => a.Created is not null))
        {
            if (!present.TryGetValue(attempt.Name, out var config))
                violations.Add($"acknowledged write {attempt.Name} (v{attempt.Created!.Version}) is lost");
            else if (config.Id != attempt.Created!.Id || config.Version != attempt.Created.Version)
                violations.Add($"{attempt.Name} was acknowledged as {attempt.Created.Id} v{attempt.Created.Version}, found {config.Id} v{config.Version}");
        }
        foreach (var name in present.Keys.Where(n => !byName.ContainsKey(n)))
            violations.Add($"{name} is present but was never attempted");
        foreach (var duplicate in present.Values.GroupBy(c => c.Version).Where(g => g.Count() > 1))
            violations.Add($"v{duplicate.Key} committed twice: {string.Join(", ", duplicate.Select(c => c.Name))}");

        // Real-time order: sweep the acknowledged writes by end time, keeping the highest version seen so far.
        var acknowledged = byName.Values.Where(a => a.Created is not null).OrderBy(a => a.End).ToList();
        foreach (var attempt in byName.Values.Where(a => present.ContainsKey(a.Name)).OrderBy(a => a.Start))
        {
            var version = present[attempt.Name].Version;
            var before = acknowledged.TakeWhile(a => a.End < attempt.Start).MaxBy(a => a.Created!.Version);
            if (before is not null && before.Created!.Version >= version)
                violations.Add($"{attempt.Name} (v{version}) started after {before.Name} (v{before.Created.Version}) was acknowledged, yet is ordered before it");
        }
        return violations;
    }

    public string Summary()
    {
        var ambiguous = attempts.Count(a => a.Created is null);
        return $"{attempts.Count} attempts: {AcknowledgedCount} acknowledged, {ambiguous} ambiguous";
    }

    private sealed record Attempt(string Name, long Start, long End, CreatedConfig? Created);
}
