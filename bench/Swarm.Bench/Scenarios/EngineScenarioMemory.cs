using System.Globalization;

namespace Swarm.Bench.Scenarios;

/// <summary>RSS from /proc: the engine's own (after a full GC) and the supervisor's private (anonymous) memory.</summary>
internal static class EngineScenarioMemory
{
    public static long SettledRssKb()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Field("self", "VmRSS:");
    }

    /// <summary>CPU seconds of a process and of its reaped children (for the supervisor: the containers).</summary>
    public static (double Self, double Children) CpuSeconds(string pid = "self")
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double Ticks(int field) => long.Parse(fields[field - 3], CultureInfo.InvariantCulture) / 100.0; // USER_HZ
        return (Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
    }

    public static long PrivateKb(int pid) => Field(pid.ToString(CultureInfo.InvariantCulture), "RssAnon:");

    private static long Field(string pid, string name)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(name, StringComparison.Ordinal));
            return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return 0;
        }
    }
}
