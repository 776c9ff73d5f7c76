using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Swarm.Engine.Runtime.Logs;

/// <summary>
/// Reads the json-file log the supervisor writes: rotated files oldest first (json.log.N … json.log.1, json.log),
/// then, when following, polls for new lines, noticing rotation by the file at the path changing identity.
/// </summary>
internal static class JsonFileLogReader
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static async IAsyncEnumerable<LogEntry> ReadAsync(
        string path, LogReadOptions options, Func<bool> isRunning, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var history = new List<LogEntry>();
        for (var i = 64; i >= 1; i--)
        {
            if (File.Exists($"{path}.{i}"))
                history.AddRange(ReadLines($"{path}.{i}").Select(Parse).OfType<LogEntry>());
        }

        // Remember whether the container was running BEFORE reading, so no line written meanwhile is lost.
        var running = isRunning();
        using var current = Open(path);
        var pending = new StringBuilder();
        if (current is not null)
            history.AddRange(Drain(current, pending).Select(Parse).OfType<LogEntry>());

        var selected = history.Where(e => Wanted(e, options));
        if (options.Tail is { } tail)
            selected = selected.TakeLast(tail);
        foreach (var entry in selected)
            yield return entry;
        if (!options.Follow)
            yield break;

        var stream = current;
        while (running)
        {
            running = isRunning();
            stream ??= Open(path);
            if (stream is not null)
            {
                foreach (var entry in Drain(stream, pending).Select(Parse).OfType<LogEntry>().Where(e => Wanted(e, options)))
                    yield return entry;
                if (Rotated(stream, path))
                {
                    stream.Dispose();
                    stream = Open(path); // the old file is fully read; continue in the new one
                    continue;
                }
            }

            if (running)
                await Task.Delay(PollInterval, cancellationToken);
        }

        if (stream is not null && !ReferenceEquals(stream, current))
            stream.Dispose();
    }

    private static bool Wanted(LogEntry entry, LogReadOptions options)
        => (entry.Stream == "stdout" ? options.Stdout : options.Stderr) && (options.Since is null || entry.Time >= options.Since);

    private static FileStream? Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        using var stream = Open(path);
        return stream is null ? [] : Drain(stream, new StringBuilder());
    }

    /// <summary>Complete lines from the stream's position to its end; a partial last line waits in <paramref name="pending"/>.</summary>
    private static List<string> Drain(FileStream stream, StringBuilder pending)
    {
        var lines = new List<string>();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            pending.Append(Encoding.UTF8.GetString(buffer, 0, n));
            var text = pending.ToString();
            var last = text.LastIndexOf('\n');
            if (last < 0)
                continue;
            lines.AddRange(text[..last].Split('\n'));
            pending.Clear().Append(text[(last + 1)..]);
        }

        return lines;
    }

    private static bool Rotated(FileStream stream, string path)
    {
        try
        {
            var info = new FileInfo(path);
            return !info.Exists || info.Length < stream.Position || Inode(path) != InodeOf(stream);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static unsafe ulong Inode(string path)
    {
        Tmds.Linux.stat st;
        fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
            return Tmds.Linux.LibC.stat(p, &st) == 0 ? (ulong)st.st_ino : 0;
    }

    private static unsafe ulong InodeOf(FileStream stream)
    {
        Tmds.Linux.stat st;
        return Tmds.Linux.LibC.fstat((int)stream.SafeFileHandle.DangerousGetHandle(), &st) == 0 ? (ulong)st.st_ino : 0;
    }

    private static LogEntry? Parse(string line)
    {
        if (line.Length == 0)
            return null;
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return new LogEntry(
                root.GetProperty("stream").GetString() ?? "stdout",
                root.GetProperty("time").GetDateTimeOffset(),
                root.GetProperty("log").GetString() ?? "");
        }
        catch (JsonException)
        {
            return null; // a torn line from a crash: skip it rather than fail the whole read
        }
    }
}
