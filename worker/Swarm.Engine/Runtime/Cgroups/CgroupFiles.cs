using System.Globalization;

namespace Swarm.Engine.Runtime.Cgroups;

/// <summary>Small readers/writers for cgroup control files.</summary>
internal static class CgroupFiles
{
    public static void Write(string dir, string file, string value) => File.WriteAllText(Path.Combine(dir, file), value);

    public static ulong ReadNumber(string dir, string file)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(dir, file)).Trim();
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The value of "key N" in a flat keyed file (memory.events, memory.oom_control, cpu.stat).</summary>
    public static ulong ReadKey(string dir, string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(dir, file)))
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && parts[0] == key)
                    return ulong.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    /// <summary>rmdir with retries: a v1 cgroup stays busy for a moment after its last process is reaped.</summary>
    public static async Task RemoveAsync(string dir, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(dir))
                    Directory.Delete(dir);
                return;
            }
            catch (IOException) when (attempt < 100)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }

    public static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
