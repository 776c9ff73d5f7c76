using Swarm.Engine.Runtime;
using Swarm.Engine.Runtime.Logs;

namespace Swarm.Engine.Tests.Runtime;

[Trait("Requires", "root")]
public sealed class LogTests
{
    [Fact]
    public async Task Logs_StdoutAndStderr_AreTaggedJsonFileEntries()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "echo out; echo err >&2; printf 'no newline'");
        await h.RunAsync(config);
        var entries = await ReadAsync(h, config.Id, new LogReadOptions());
        Assert.Contains(entries, e => e is { Stream: "stdout", Message: "out\n" });
        Assert.Contains(entries, e => e is { Stream: "stderr", Message: "err\n" });
        Assert.Contains(entries, e => e is { Stream: "stdout", Message: "no newline" });
        var raw = File.ReadAllLines(Path.Combine(h.Root, "containers", config.Id, "json.log"));
        Assert.Contains(raw, l => l.StartsWith("{\"log\":\"out\\n\",\"stream\":\"stdout\",\"time\":\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_Tail_ReturnsLastLines()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "for i in 1 2 3 4 5; do echo $i; done");
        await h.RunAsync(config);
        var entries = await ReadAsync(h, config.Id, new LogReadOptions(Tail: 2));
        Assert.Equal(["4\n", "5\n"], entries.Select(e => e.Message));
    }

    [Fact]
    public async Task Logs_Follow_DeliversLinesWrittenLaterAndEndsAtExit()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sh", "-c", "echo first; sleep 0.5; echo second; sleep 0.3; echo third"));
        using var bound = new CancellationTokenSource(RuntimeHarness.Bound);
        var messages = new List<string>();
        await foreach (var entry in h.Runtime.ReadLogsAsync(config.Id, new LogReadOptions(Follow: true), bound.Token))
            messages.Add(entry.Message);
        Assert.Equal(["first\n", "second\n", "third\n"], messages);
    }

    [Fact]
    public async Task Logs_Rotation_KeepsMaxFilesAndReadsAcrossThem()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "i=0; while [ $i -lt 200 ]; do echo line-$i; i=$((i+1)); done") with
        {
            Log = new LogOptions(MaxSize: 2048, MaxFiles: 3),
        };
        await h.RunAsync(config);
        var dir = Path.Combine(h.Root, "containers", config.Id);
        Assert.True(File.Exists(Path.Combine(dir, "json.log.1")));
        Assert.True(File.Exists(Path.Combine(dir, "json.log.2")));
        Assert.False(File.Exists(Path.Combine(dir, "json.log.3")));
        Assert.All(Directory.GetFiles(dir, "json.log*"), f => Assert.True(new FileInfo(f).Length <= 2048));
        var messages = (await ReadAsync(h, config.Id, new LogReadOptions())).Select(e => e.Message).ToList();
        Assert.Equal("line-199\n", messages[^1]);
        var first = int.Parse(messages[0]["line-".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Enumerable.Range(first, 200 - first).Select(i => $"line-{i}\n"), messages); // contiguous, oldest first
    }

    private static async Task<List<LogEntry>> ReadAsync(RuntimeHarness h, string id, LogReadOptions options)
    {
        var entries = new List<LogEntry>();
        using var bound = new CancellationTokenSource(RuntimeHarness.Bound);
        await foreach (var entry in h.Runtime.ReadLogsAsync(id, options, bound.Token))
            entries.Add(entry);
        return entries;
    }
}
