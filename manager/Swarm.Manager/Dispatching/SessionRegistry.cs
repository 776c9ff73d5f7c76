namespace Swarm.Manager.Dispatching;

/// <summary>
/// The leader's agent sessions and heartbeat deadlines, kept in memory for one leadership term. A term starts when
/// the heartbeat watchdog starts leading (every node known Ready gets a grace deadline) and ends with leadership:
/// every session ends, so agents register again with whoever leads next.
/// </summary>
public sealed class SessionRegistry(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, AgentSession> sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> deadlines = new(StringComparer.Ordinal);
    // When nodes went DOWN, as far as this term knows (nodes already down when it began count from its start).
    private readonly Dictionary<string, DateTimeOffset> downSince = new(StringComparer.Ordinal);
    private bool active;

    /// <summary>True while a term is running: only then does the dispatcher serve.</summary>
    public bool IsActive
    {
        get
        {
            lock (gate)
                return active;
        }
    }

    /// <summary>Starts a term: nodes without a session yet get until now + <paramref name="grace"/> to register.</summary>
    public void BeginTerm(IEnumerable<string> readyNodeIds, IEnumerable<string> downNodeIds, TimeSpan grace, CancellationToken term)
    {
        lock (gate)
        {
            EndAllLocked();
            var now = time.GetUtcNow();
            foreach (var id in readyNodeIds)
                deadlines[id] = now + grace;
            foreach (var id in downNodeIds)
                downSince[id] = now;
            active = true;
        }
        term.Register(EndTerm);
    }

    public void EndTerm()
    {
        lock (gate)
        {
            active = false;
            EndAllLocked();
        }
    }

    /// <summary>A new session for the node, ending any it had; it must beat within <paramref name="ttl"/>.</summary>
    public AgentSession Open(string nodeId, TimeSpan ttl)
    {
        var session = new AgentSession(nodeId, Guid.NewGuid().ToString("N"));
        AgentSession? previous;
        lock (gate)
        {
            sessions.Remove(nodeId, out previous);
            sessions[nodeId] = session;
            downSince.Remove(nodeId);
            deadlines[nodeId] = time.GetUtcNow() + ttl;
        }
        previous?.End();
        return session;
    }

    /// <summary>The caller's live session with this id, or null.</summary>
    public AgentSession? Find(string nodeId, string sessionId)
    {
        lock (gate)
            return sessions.TryGetValue(nodeId, out var s) && s.Id == sessionId ? s : null;
    }

    /// <summary>Pushes the session's deadline out; false when the session is unknown or over.</summary>
    public bool Beat(string nodeId, string sessionId, TimeSpan ttl)
    {
        lock (gate)
        {
            if (!sessions.TryGetValue(nodeId, out var s) || s.Id != sessionId)
                return false;
            deadlines[nodeId] = time.GetUtcNow() + ttl;
            return true;
        }
    }

    /// <summary>True when the node has a live session (a late DOWN write must not hit a node that came back).</summary>
    public bool HasSession(string nodeId)
    {
        lock (gate)
            return sessions.ContainsKey(nodeId);
    }

    /// <summary>Nodes whose deadline passed; their sessions end and they are forgotten until they register again.</summary>
    public IReadOnlyList<string> TakeExpired()
    {
        var now = time.GetUtcNow();
        var ended = new List<AgentSession>();
        List<string> expired;
        lock (gate)
        {
            expired = deadlines.Where(d => d.Value <= now).Select(d => d.Key).ToList();
            foreach (var id in expired)
            {
                deadlines.Remove(id);
                if (sessions.Remove(id, out var s))
                    ended.Add(s);
            }
        }
        foreach (var s in ended)
            s.End();
        return expired;
    }

    /// <summary>Gives nodes whose DOWN write failed a deadline of now again, unless they registered meanwhile.</summary>
    public void Requeue(IEnumerable<string> nodeIds)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (!active)
                return;
            foreach (var id in nodeIds.Where(id => !sessions.ContainsKey(id)))
                deadlines.TryAdd(id, now);
        }
    }

    /// <summary>Records that the watchdog marked these nodes DOWN now.</summary>
    public void MarkedDown(IEnumerable<string> nodeIds)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            foreach (var id in nodeIds.Where(id => !sessions.ContainsKey(id)))
                downSince.TryAdd(id, now);
        }
    }

    /// <summary>Nodes DOWN for at least <paramref name="period"/>, until <see cref="ForgetDown"/> says they were dealt with.</summary>
    public IReadOnlyList<string> DownFor(TimeSpan period)
    {
        var now = time.GetUtcNow();
        lock (gate)
            return downSince.Where(d => d.Value + period <= now).Select(d => d.Key).ToList();
    }

    public void ForgetDown(IEnumerable<string> nodeIds)
    {
        lock (gate)
        {
            foreach (var id in nodeIds)
                downSince.Remove(id);
        }
    }

    private void EndAllLocked()
    {
        foreach (var s in sessions.Values)
            s.End();
        sessions.Clear();
        deadlines.Clear();
        downSince.Clear();
    }
}
