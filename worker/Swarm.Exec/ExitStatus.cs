namespace Swarm.Exec;

/// <summary>How a container ended: its exit code and, when the runtime knows more (OOM kill, say), why.</summary>
public sealed record ExitStatus(int ExitCode, string? Reason = null)
{
    public bool Succeeded => ExitCode == 0;
}
