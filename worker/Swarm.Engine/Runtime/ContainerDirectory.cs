using System.Text.Json;

namespace Swarm.Engine.Runtime;

/// <summary>
/// One container's state directory: config.json, state.json, init.spec (for swarm-init), json.log*, exit
/// (written by the monitor), upper/ and work/ (overlay), rootfs/ (mount point, only mounted inside the
/// container's mount namespace), secrets/ (tmpfs), hosts, hostname, resolv.conf.
/// </summary>
internal sealed class ContainerDirectory(string path)
{
    public string Path { get; } = path;

    public string ConfigFile => Combine("config.json");

    public string StateFile => Combine("state.json");

    public string SpecFile => Combine("init.spec");

    public string LogFile => Combine("json.log");

    public string ExitFile => Combine("exit");

    public string Upper => Combine("upper");

    public string Work => Combine("work");

    public string Rootfs => Combine("rootfs");

    public string Secrets => Combine("secrets");

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Create()
    {
        Directory.CreateDirectory(Upper);
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Rootfs);
    }

    /// <summary>Secret bytes are never written to disk: they live only on the tmpfs.</summary>
    public void WriteConfig(ContainerConfig config)
        => WriteAtomic(ConfigFile, JsonSerializer.SerializeToUtf8Bytes(config with { Files = [] }, RuntimeJsonContext.Default.ContainerConfig));

    public void WriteState(ContainerState state)
        => WriteAtomic(StateFile, JsonSerializer.SerializeToUtf8Bytes(state, RuntimeJsonContext.Default.ContainerState));

    public ContainerConfig ReadConfig()
        => JsonSerializer.Deserialize(File.ReadAllBytes(ConfigFile), RuntimeJsonContext.Default.ContainerConfig)
           ?? throw new InvalidDataException($"empty {ConfigFile}");

    public ContainerState ReadState()
        => JsonSerializer.Deserialize(File.ReadAllBytes(StateFile), RuntimeJsonContext.Default.ContainerState)
           ?? throw new InvalidDataException($"empty {StateFile}");

    /// <summary>The monitor's record of the exit code, or null if it never wrote one (e.g. it was killed).</summary>
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
