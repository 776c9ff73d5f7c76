using System.Text.Json;

namespace Swarm.Engine.Runtime;

/// <summary>
/// One container's two directories. On disk (<see cref="Path"/>): config.json, json.log*, upper/ and work/
/// (overlay). Volatile (<see cref="RunPath"/>, a tmpfs like /run in production: it survives an engine restart, and after a reboot no
/// container runs anyway): state.json, init.spec, exit (written by the supervisor), hosts, hostname, resolv.conf,
/// rootfs/ (mount point), secrets/ (tmpfs). Small files on tmpfs keep inode churn off a busy disk.
/// </summary>
internal sealed class ContainerDirectory(string path, string runPath)
{
    public string Path { get; } = path;

    public string RunPath { get; } = runPath;

    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");

    public string StateFile => Combine("state.json");

    public string SpecFile => Combine("init.spec");

    public string LogFile => System.IO.Path.Combine(Path, "json.log");

    public string ExitFile => Combine("exit");

    /// <summary>The FIFO that is PID 1's stdin for a container with OpenStdin.</summary>
    public string StdinFifo => Combine("stdin");

    public string Upper => System.IO.Path.Combine(Path, "upper");

    public string Work => System.IO.Path.Combine(Path, "work");

    /// <summary>Only a mount point (the overlay is mounted inside the container's mount namespace): volatile.</summary>
    public string Rootfs => Combine("rootfs");

    public string Secrets => Combine("secrets");

    /// <summary>A file in the volatile directory.</summary>
    public string Combine(string name) => System.IO.Path.Combine(RunPath, name);

    public bool Exists => Directory.Exists(Path) || Directory.Exists(RunPath);

    public void Create()
    {
        Directory.CreateDirectory(Upper);
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Rootfs);
    }

    /// <summary>Renames both directories aside (cheap) and returns them for deletion in the background.</summary>
    public IReadOnlyList<string> MoveAside(string suffix)
    {
        var moved = new List<string>();
        foreach (var dir in RunPath == Path ? [Path] : new[] { Path, RunPath })
        {
            if (!Directory.Exists(dir))
                continue;
            var trash = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(dir)!, ContainerRuntime.RemovingPrefix + System.IO.Path.GetFileName(dir) + "-" + suffix);
            Directory.Move(dir, trash);
            moved.Add(trash);
        }

        return moved;
    }

    /// <summary>Secret bytes are never written to disk: they live only on the tmpfs.</summary>
    /// <summary>Written once, at create, in place (a torn file is skipped by restore with a warning).</summary>
    public void WriteConfig(ContainerConfig config)
        => File.WriteAllBytes(ConfigFile, JsonSerializer.SerializeToUtf8Bytes(config with { Files = [] }, RuntimeJsonContext.Default.ContainerConfig));

    public void WriteState(ContainerState state)
        => WriteAtomic(StateFile, JsonSerializer.SerializeToUtf8Bytes(state, RuntimeJsonContext.Default.ContainerState));

    public ContainerConfig ReadConfig()
        => JsonSerializer.Deserialize(File.ReadAllBytes(ConfigFile), RuntimeJsonContext.Default.ContainerConfig)
           ?? throw new InvalidDataException($"empty {ConfigFile}");

    public ContainerState ReadState()
        => JsonSerializer.Deserialize(File.ReadAllBytes(StateFile), RuntimeJsonContext.Default.ContainerState)
           ?? throw new InvalidDataException($"empty {StateFile}");

    /// <summary>The supervisor's record of the exit code, or null if it never wrote one (e.g. it was killed).</summary>
    public int? ReadExitCode()
    {
        try
        {
            return int.TryParse(File.ReadAllText(ExitFile).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static void WriteAtomic(string path, byte[] content)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
