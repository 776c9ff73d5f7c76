using System.Globalization;

namespace Swarm.Bench;

/// <summary>
/// Figures go to stdout, one JSON object per line and nothing else there, so scripts can parse stdout as is:
/// <c>{"metric": "store.commits_per_sec", "value": 12345, "unit": "1/s"}</c>. Progress goes to stderr.
/// </summary>
internal sealed class BenchOutput(TextWriter figures, TextWriter progress)
{
    public void Metric(string name, double value, string unit)
    {
        var number = value.ToString(Math.Abs(value) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
        figures.WriteLine($"{{\"metric\": \"{name}\", \"value\": {number}, \"unit\": \"{unit}\"}}");
        figures.Flush();
    }

    public void Progress(string message)
        => progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss.fff}] {message}"));
}
