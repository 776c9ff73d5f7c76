using System.Collections.Concurrent;
using System.Security.Cryptography;
using Swarm.Api.Errors;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Api;

/// <summary>Exec instances between create and inspect (in memory: an engine restart forgets them, as Docker's does).</summary>
public sealed class ExecSessions
{
    private readonly ConcurrentDictionary<string, ExecSession> sessions = new(StringComparer.Ordinal);

    public ExecSession Create(string containerId, ExecConfig config, bool attachStdin, bool attachStdout, bool attachStderr)
    {
        var session = new ExecSession(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), containerId, config, attachStdin, attachStdout, attachStderr);
        sessions[session.Id] = session;
        return session;
    }

    public ExecSession Get(string id)
        => sessions.TryGetValue(id, out var session) ? session : throw new NotFoundException($"No such exec instance: {id}");

    /// <summary>Forgets the exec instances of a removed container.</summary>
    public void Forget(string containerId)
    {
        foreach (var session in sessions.Values.Where(s => s.ContainerId == containerId))
            sessions.TryRemove(session.Id, out _);
    }
}

/// <summary>One exec instance. Started once; <see cref="ExitCode"/> is set when its command ends.</summary>
public sealed class ExecSession(string id, string containerId, ExecConfig config, bool attachStdin, bool attachStdout, bool attachStderr)
{
    private int started;

    public string Id { get; } = id;

    public string ContainerId { get; } = containerId;

    public ExecConfig Config { get; } = config;

    public bool AttachStdin { get; } = attachStdin;

    public bool AttachStdout { get; } = attachStdout;

    public bool AttachStderr { get; } = attachStderr;

    public bool Running { get; set; }

    /// <summary>The command while it runs (for resizing its terminal).</summary>
    public ExecProcess? Process { get; set; }

    public int? ExitCode { get; set; }

    public bool TryStart()
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
            return false;
        Running = true;
        return true;
    }
}
