using System.Globalization;
using System.Text;

namespace Swarm.Engine.Init.Protocol;

/// <summary>
/// A reflection-free wire format: NUL-terminated UTF-8 tokens. Each record is <c>key, count, value x count</c>.
/// NUL cannot occur inside argv/env strings, so no escaping is needed. Unknown keys are skipped (forward compatible).
/// </summary>
internal static class InitSpecCodec
{
    public static byte[] Encode(InitSpec spec)
    {
        var w = new Writer();
        w.Put("state", spec.StateDir);
        w.Put("lower", [.. spec.LowerDirs]);
        w.Put("upper", spec.UpperDir);
        w.Put("work", spec.WorkDir);
        w.Put("rootfs", spec.RootfsDir);
        w.Put("ro", spec.ReadOnlyRootfs ? "1" : "0");
        w.Put("hostname", spec.Hostname);
        w.Put("net", spec.NetMode, spec.NetNsPath);
        w.Put("cgroups", [.. spec.Cgroups]);
        foreach (var m in spec.Mounts)
            w.Put("mount", m.Kind, m.Source, m.Target, m.ReadOnly ? "1" : "0", m.Data);
        w.Put("args", [.. spec.Args]);
        w.Put("env", [.. spec.Env]);
        w.Put("cwd", spec.WorkingDir);
        w.Put("user", spec.User);
        w.Put("caps", spec.Capabilities.ToString(CultureInfo.InvariantCulture));
        w.Put("nnp", spec.NoNewPrivileges ? "1" : "0");
        foreach (var r in spec.Rlimits)
            w.Put("rlimit", N(r.Resource), r.Soft.ToString(CultureInfo.InvariantCulture), r.Hard.ToString(CultureInfo.InvariantCulture));
        w.Put("log", spec.LogPath, spec.LogMaxSize.ToString(CultureInfo.InvariantCulture), N(spec.LogMaxFiles));
        w.Put("target", N(spec.TargetPid));
        if (spec.Tty)
            w.Put("tty", spec.ResizePath, N(spec.Rows), N(spec.Columns));
        if (spec.StdinPath.Length > 0)
            w.Put("stdin", spec.StdinPath);
        return w.ToArray();
    }

    public static InitSpec Decode(ReadOnlySpan<byte> bytes)
    {
        var tokens = new List<string>();
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)0);
            if (end < 0)
                throw new FormatException("init spec: unterminated token");
            tokens.Add(Encoding.UTF8.GetString(bytes[..end]));
            bytes = bytes[(end + 1)..];
        }

        var spec = new InitSpec();
        for (var i = 0; i < tokens.Count;)
        {
            var key = tokens[i];
            var count = int.Parse(tokens[i + 1], CultureInfo.InvariantCulture);
            var v = tokens.GetRange(i + 2, count);
            i += 2 + count;
            Apply(spec, key, v);
        }

        return spec;
    }

    private static void Apply(InitSpec spec, string key, List<string> v)
    {
        switch (key)
        {
            case "state": spec.StateDir = v[0]; break;
            case "lower": spec.LowerDirs = v; break;
            case "upper": spec.UpperDir = v[0]; break;
            case "work": spec.WorkDir = v[0]; break;
            case "rootfs": spec.RootfsDir = v[0]; break;
            case "ro": spec.ReadOnlyRootfs = v[0] == "1"; break;
            case "hostname": spec.Hostname = v[0]; break;
            case "net": spec.NetMode = v[0]; spec.NetNsPath = v[1]; break;
            case "cgroups": spec.Cgroups = v; break;
            case "mount": spec.Mounts.Add(new SpecMount(v[0], v[1], v[2], v[3] == "1", v[4])); break;
            case "args": spec.Args = v; break;
            case "env": spec.Env = v; break;
            case "cwd": spec.WorkingDir = v[0]; break;
            case "user": spec.User = v[0]; break;
            case "caps": spec.Capabilities = ulong.Parse(v[0], CultureInfo.InvariantCulture); break;
            case "nnp": spec.NoNewPrivileges = v[0] == "1"; break;
            case "rlimit":
                spec.Rlimits.Add(new SpecRlimit(int.Parse(v[0], CultureInfo.InvariantCulture),
                    ulong.Parse(v[1], CultureInfo.InvariantCulture), ulong.Parse(v[2], CultureInfo.InvariantCulture)));
                break;
            case "log":
                spec.LogPath = v[0];
                spec.LogMaxSize = long.Parse(v[1], CultureInfo.InvariantCulture);
                spec.LogMaxFiles = int.Parse(v[2], CultureInfo.InvariantCulture);
                break;
            case "target": spec.TargetPid = int.Parse(v[0], CultureInfo.InvariantCulture); break;
            case "stdin": spec.StdinPath = v[0]; break;
            case "tty":
                spec.Tty = true;
                spec.ResizePath = v[0];
                spec.Rows = int.Parse(v[1], CultureInfo.InvariantCulture);
                spec.Columns = int.Parse(v[2], CultureInfo.InvariantCulture);
                break;
            default: break;
        }
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Writer
    {
        private readonly MemoryStream _buffer = new();

        public void Put(string key, params string[] values)
        {
            Token(key);
            Token(values.Length.ToString(CultureInfo.InvariantCulture));
            foreach (var value in values)
            {
                if (value.Contains('\0', StringComparison.Ordinal))
                    throw new ArgumentException($"init spec: {key} contains a NUL character");
                Token(value);
            }
        }

        public byte[] ToArray() => _buffer.ToArray();

        private void Token(string value)
        {
            _buffer.Write(Encoding.UTF8.GetBytes(value));
            _buffer.WriteByte(0);
        }
    }
}
