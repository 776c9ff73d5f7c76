using System.Security.Cryptography;
using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Engine.Images;
using Swarm.Engine.Runtime;
using Swarm.Engine.Volumes;

namespace Swarm.Engine.Executor;

/// <summary>
/// A task's ContainerSpec merged with its image's config into the runtime's <see cref="ContainerConfig"/>:
/// Docker's service semantics (Command replaces the entrypoint, Args the cmd), swarm's labels and container name
/// `service.slot.taskid`.
/// </summary>
internal static class TaskContainerConfig
{
    public static ContainerConfig Build(SwarmTask task, Image image, IReadOnlyList<FileMount> files, EngineExecutorOptions options, VolumeStore volumes)
    {
        var spec = task.Spec.ContainerSpec;
        var merged = ContainerConfigMerger.Merge(ImageDefaults.Of(image), new ContainerOverrides
        {
            Entrypoint = spec.Command,
            Cmd = spec.Args,
            Env = spec.Env,
            WorkingDir = spec.Dir,
            User = spec.User,
            StopSignal = spec.StopSignal,
            Healthcheck = Healthcheck(spec.Healthcheck),
            Labels = Labels(task, image),
        });
        var limits = task.Spec.Resources?.Limits;
        return new ContainerConfig
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            Name = Name(task),
            RootfsLowerDirs = image.LayerDirs,
            Args = merged.Args,
            Env = merged.Env,
            WorkingDir = merged.WorkingDir,
            User = merged.User,
            Hostname = string.IsNullOrEmpty(spec.Hostname) ? null : spec.Hostname,
            Mounts = volumes.WithImageVolumes([.. spec.Mounts.Select(m => MountOf(m, volumes))], image.Config.Volumes),
            ReadOnlyRootfs = spec.ReadOnly,
            Files = files,
            Network = options.Network,
            Resources = new ResourceLimits
            {
                MemoryBytes = limits?.MemoryBytes ?? 0,
                NanoCpus = limits?.NanoCpus ?? 0,
                PidsLimit = limits?.Pids ?? 0,
            },
            Init = spec.Init ?? false,
            StopSignal = merged.StopSignal,
            StopTimeout = spec.StopGracePeriod ?? Swarm.Exec.TaskStepper.DefaultStopGracePeriod,
            Healthcheck = merged.Healthcheck,
            Labels = merged.Labels,
        };
    }

    /// <summary>Docker swarm's container name: `service.slot.taskid` (node id instead of slot for global tasks).</summary>
    public static string Name(SwarmTask task)
    {
        var service = task.ServiceName.Length > 0 ? task.ServiceName : "task";
        var slot = task.Slot > 0 ? task.Slot.ToString(System.Globalization.CultureInfo.InvariantCulture) : task.NodeId;
        return $"{service}.{slot}.{task.Id}";
    }

    private static Dictionary<string, string> Labels(SwarmTask task, Image image)
    {
        var labels = new Dictionary<string, string>(task.Spec.ContainerSpec.Labels, StringComparer.Ordinal)
        {
            [TaskLabels.TaskId] = task.Id,
            [TaskLabels.TaskName] = Name(task),
            [TaskLabels.ServiceId] = task.ServiceId,
            [TaskLabels.ServiceName] = task.ServiceName,
            [TaskLabels.NodeId] = task.NodeId,
            [Api.EngineLabels.ImageName] = task.Spec.ContainerSpec.Image,
            [Api.EngineLabels.ImageId] = image.Id.ToString(),
        };
        return labels;
    }

    private static HealthcheckConfig? Healthcheck(HealthConfig? health)
    {
        if (health is null || health.Test.Count == 0)
            return null;
        var defaults = new HealthcheckConfig { Test = health.Test };
        return defaults with
        {
            Interval = health.Interval ?? defaults.Interval,
            Timeout = health.Timeout ?? defaults.Timeout,
            Retries = health.Retries ?? defaults.Retries,
            StartPeriod = health.StartPeriod ?? defaults.StartPeriod,
        };
    }

    /// <summary>A volume mount names a local volume (made on first use, as Docker does; no name = a fresh anonymous one).</summary>
    private static MountSpec MountOf(Mount mount, VolumeStore volumes) => mount.Type switch
    {
        MountType.Bind => new MountSpec(MountKind.Bind, mount.Source, mount.Target, mount.ReadOnly),
        MountType.Tmpfs => new MountSpec(MountKind.Tmpfs, "tmpfs", mount.Target, mount.ReadOnly,
            mount.TmpfsSizeBytes > 0 ? $"size={mount.TmpfsSizeBytes}" : ""),
        MountType.Volume => new MountSpec(MountKind.Volume, volumes.Create(mount.Source).Mountpoint, mount.Target, mount.ReadOnly),
        _ => throw new InvalidSpecException($"mount {mount.Target}: unknown mount type {mount.Type}"),
    };
}
