using System.Globalization;
using System.Text;

namespace Swarm.Engine.Init;

/// <summary>
/// Docker's json-file format: one <c>{"log":"line\n","stream":"stdout","time":"RFC3339"}</c> per line. Lines are
/// cut at '\n' or at 16 KiB (as Docker does); rotation renames json.log → json.log.1 → ... keeping max-file files.
/// </summary>
internal sealed class JsonLogWriter : IDisposable
{
    private const int MaxLine = 16 * 1024;
    private readonly string _path;
    private readonly long _maxSize;
    private readonly int _maxFiles;
    private readonly Dictionary<string, List<byte>> _partial = new(StringComparer.Ordinal);
    private FileStream _file;

    public JsonLogWriter(string path, long maxSize, int maxFiles)
    {
        _path = path;
        _maxSize = maxSize;
        _maxFiles = Math.Max(1, maxFiles);
        _file = Open();
    }

    public void Append(string stream, ReadOnlySpan<byte> data)
    {
        if (!_partial.TryGetValue(stream, out var pending))
            _partial[stream] = pending = [];
        foreach (var b in data)
        {
            pending.Add(b);
            if (b == (byte)'\n' || pending.Count >= MaxLine)
            {
                Write(stream, pending);
                pending.Clear();
            }
        }

        _file.Flush();
    }

    /// <summary>Writes an unterminated last line when its stream closes.</summary>
    public void Flush(string stream)
    {
        if (_partial.TryGetValue(stream, out var pending) && pending.Count > 0)
        {
            Write(stream, pending);
            pending.Clear();
            _file.Flush();
        }
    }

    public void Dispose() => _file.Dispose();

    private void Write(string stream, List<byte> line)
    {
        var text = Encoding.UTF8.GetString([.. line]);
        var json = new StringBuilder(text.Length + 80);
        json.Append("{\"log\":\"");
        Escape(json, text);
        json.Append("\",\"stream\":\"").Append(stream).Append("\",\"time\":\"")
            .Append(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture))
            .Append("\"}\n");
        var bytes = Encoding.UTF8.GetBytes(json.ToString());
        if (_maxSize > 0 && _file.Length > 0 && _file.Length + bytes.Length > _maxSize)
            Rotate();
        _file.Write(bytes);
    }

    private void Rotate()
    {
        _file.Dispose();
        if (_maxFiles > 1)
        {
            for (var i = _maxFiles - 1; i >= 1; i--)
            {
                var from = i == 1 ? _path : $"{_path}.{i - 1}";
                if (File.Exists(from))
                    File.Move(from, $"{_path}.{i}", overwrite: true);
            }
        }
        else
        {
            File.Delete(_path);
        }

        _file = Open();
    }

    // Unbuffered: every line is written at once anyway, and one supervisor holds many of these open.
    private FileStream Open() => new(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);

    private static void Escape(StringBuilder json, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                default:
                    if (c < 0x20)
                        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        json.Append(c);
                    break;
            }
        }
    }
}
