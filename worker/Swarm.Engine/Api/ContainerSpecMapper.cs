using System.Security.Cryptography;
using Swarm.Api.Errors;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Executor;
using Swarm.Engine.Images;
using Swarm.Engine.Runtime;
using Swarm.Engine.Volumes;

namespace Swarm.Engine.Api;

/// <summary>A Docker create request merged with its image into the runtime's <see cref="ContainerConfig"/>.</summary>
internal static class ContainerSpecMapper
{
    public static ContainerConfig Map(string name, string imageName, Image image, ContainerCreateRequest request, EngineApiOptions options, VolumeStore volumes)
    {
        var host = request.HostConfig ?? new HostConfigJson();
        var labels = new Dictionary<string, string>(request.Labels ?? [], StringComparer.Ordinal)
        {
            [EngineLabels.ImageName] = imageName,
            [EngineLabels.ImageId] = image.Id.ToString(),
        };
        if (host.AutoRemove)
            labels[EngineLabels.AutoRemove] = "true";
        var health = request.Healthcheck is { Test: { Count: > 0 } test } h
            ? ImageDefaults.Healthcheck(test, h.Interval, h.Timeout, h.StartPeriod, h.Retries)
            : null;
        var merged = ContainerConfigMerger.Merge(ImageDefaults.Of(image), new ContainerOverrides
        {
            Entrypoint = request.Entrypoint is { Count: > 0 } entrypoint ? entrypoint : null,
            Cmd = request.Cmd is { Count: > 0 } cmd ? cmd : null,
            Env = request.Env ?? [],
            WorkingDir = request.WorkingDir,
            User = string.IsNullOrEmpty(request.User) ? null : request.User,
            StopSignal = string.IsNullOrEmpty(request.StopSignal) ? null : request.StopSignal,
            Healthcheck = health,
            Labels = labels,
        });
        return new ContainerConfig
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            Name = name,
            RootfsLowerDirs = image.LayerDirs,
            Args = merged.Args,
            Env = merged.Env,
            WorkingDir = merged.WorkingDir,
            User = merged.User,
            Hostname = string.IsNullOrEmpty(request.Hostname) ? null : request.Hostname,
            Mounts = volumes.WithImageVolumes(
                [.. Binds(host.Binds, volumes), .. Tmpfs(host.Tmpfs), .. Mounts(host.Mounts, volumes), .. Anonymous(request.Volumes, volumes)], image.Config.Volumes),
            ReadOnlyRootfs = host.ReadonlyRootfs,
            Network = Network(host.NetworkMode, options),
            ExtraHosts = host.ExtraHosts ?? [],
            Resources = new ResourceLimits
            {
                MemoryBytes = host.Memory,
                NanoCpus = host.NanoCpus,
                CpuShares = host.CpuShares,
                PidsLimit = host.PidsLimit is > 0 ? host.PidsLimit.Value : 0,
            },
            CapAdd = host.CapAdd ?? [],
            CapDrop = host.CapDrop ?? [],
            Init = host.Init ?? false,
            StopSignal = merged.StopSignal,
            StopTimeout = request.StopTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(10),
            Healthcheck = merged.Healthcheck,
            Labels = merged.Labels,
            OpenStdin = request.OpenStdin,
            StdinOnce = request.StdinOnce,
        };
    }

    private static NetworkMode Network(string? mode, EngineApiOptions options) => mode switch
    {
        null or "" or "default" or "bridge" => options.DefaultNetwork,
        "host" => NetworkMode.Host,
        "none" => NetworkMode.None,
        _ => throw new InvalidSpecException($"network mode {mode} is not supported by this engine (use host or none)"),
    };

    /// <summary>`-v /host:/target[:ro]` binds a host path; `-v name:/target[:ro]` mounts the named volume (made if new).</summary>
    private static IEnumerable<MountSpec> Binds(IEnumerable<string>? binds, VolumeStore volumes)
    {
        foreach (var bind in binds ?? [])
        {
            var parts = bind.Split(':');
            if (parts.Length < 2 || parts[0].Length == 0 || !parts[1].StartsWith('/'))
                throw new InvalidSpecException($"invalid bind {bind}: expected /host/path:/target or volume-name:/target");
            var readOnly = parts.Length > 2 && parts[2].Split(',').Contains("ro");
            yield return parts[0].StartsWith('/')
                ? new MountSpec(MountKind.Bind, parts[0], parts[1], readOnly)
                : new MountSpec(MountKind.Volume, volumes.Create(parts[0]).Mountpoint, parts[1], readOnly);
        }
    }

    /// <summary>`-v /target` alone: a fresh anonymous volume.</summary>
    private static IEnumerable<MountSpec> Anonymous(IReadOnlyDictionary<string, object>? targets, VolumeStore volumes)
        => (targets ?? new Dictionary<string, object>()).Keys.Select(t => new MountSpec(MountKind.Volume, volumes.Create(null).Mountpoint, t));

    private static IEnumerable<MountSpec> Tmpfs(IReadOnlyDictionary<string, string>? tmpfs)
        => (tmpfs ?? new Dictionary<string, string>()).Select(t => new MountSpec(MountKind.Tmpfs, "tmpfs", t.Key, false, t.Value));

    private static IEnumerable<MountSpec> Mounts(IEnumerable<MountJson>? mounts, VolumeStore volumes)
    {
        foreach (var mount in mounts ?? [])
        {
            yield return mount.Type switch
            {
                "bind" => new MountSpec(MountKind.Bind, mount.Source ?? "", mount.Target ?? "", mount.ReadOnly),
                "tmpfs" => new MountSpec(MountKind.Tmpfs, "tmpfs", mount.Target ?? "", mount.ReadOnly),
                "volume" => new MountSpec(MountKind.Volume, volumes.Create(mount.Source).Mountpoint, mount.Target ?? "", mount.ReadOnly),
                _ => throw new InvalidSpecException($"mount type {mount.Type} is not supported yet"),
            };
        }
    }
}
