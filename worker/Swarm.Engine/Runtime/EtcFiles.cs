namespace Swarm.Engine.Runtime;

/// <summary>The container's /etc/hosts, /etc/hostname and /etc/resolv.conf, kept in its state directory and bind-mounted.</summary>
internal static class EtcFiles
{
    private const string DefaultHosts =
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

    public static IReadOnlyList<MountSpec> Write(ContainerConfig config, ContainerDirectory dir, string hostname)
    {
        var hosts = config.Network.Kind == "host" && File.Exists("/etc/hosts") ? File.ReadAllText("/etc/hosts") : DefaultHosts;
        File.WriteAllText(dir.Combine("hosts"), hosts + string.Concat(config.ExtraHosts.Select(h => h.Trim() + "\n")));
        File.WriteAllText(dir.Combine("hostname"), hostname + "\n");
        var resolv = config.ResolvConf ?? (File.Exists("/etc/resolv.conf") ? File.ReadAllText("/etc/resolv.conf") : "");
        File.WriteAllText(dir.Combine("resolv.conf"), resolv);
        return
        [
            new MountSpec(MountKind.Bind, dir.Combine("hosts"), "/etc/hosts"),
            new MountSpec(MountKind.Bind, dir.Combine("hostname"), "/etc/hostname"),
            new MountSpec(MountKind.Bind, dir.Combine("resolv.conf"), "/etc/resolv.conf"),
        ];
    }
}
