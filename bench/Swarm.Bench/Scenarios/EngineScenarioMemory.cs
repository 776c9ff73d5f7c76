using System.Globalization;

namespace Swarm.Bench.Scenarios;

/// <summary>RSS from /proc: the engine's own (after a full GC) and a monitor's private (anonymous) memory.</summary>
internal static class EngineScenarioMemory
{
    public static long SettledRssKb()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Field("self", "VmRSS:");
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
