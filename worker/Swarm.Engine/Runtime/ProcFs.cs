using System.Globalization;

namespace Swarm.Engine.Runtime;

/// <summary>Process identity from /proc: a pid plus its start time names one process for good (pids are recycled).</summary>
internal static class ProcFs
{
    /// <summary>Start time in clock ticks since boot, or null if the process is gone or a zombie.</summary>
    public static ulong? LiveStartTime(int pid)
    {
        if (pid <= 0)
            return null;
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // "pid (comm) S ppid ..." — comm may contain spaces and parentheses, so split after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields[0] is "Z" or "X")
            return null;
        return ulong.Parse(fields[19], CultureInfo.InvariantCulture); // field 22 of stat; fields[0] is field 3
    }

    public static bool IsAlive(int pid, ulong startTime) => startTime != 0 && LiveStartTime(pid) == startTime;
}
