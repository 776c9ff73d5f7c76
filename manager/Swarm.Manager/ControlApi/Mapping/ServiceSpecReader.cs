using Swarm.Api.Errors;
using Swarm.Api.Objects;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Mapping;

/// <summary>
/// Turns a Docker ServiceSpec into ours, filling Docker's defaults where the client left a field out. Only the
/// shape is checked here (words, signs); <see cref="Validation.ServiceSpecValidator"/> checks meaning.
/// </summary>
internal static class ServiceSpecReader
{
    public static ServiceSpec Read(E.ServiceSpec spec) => new()
    {
        Name = spec.Name ?? "",
        Labels = spec.Labels ?? Empty.Labels,
        TaskTemplate = ReadTask(spec.TaskTemplate ?? new E.TaskSpec(), spec.Networks),
        Mode = ReadMode(spec.Mode),
        UpdateConfig = ReadUpdate(spec.UpdateConfig, "UpdateConfig"),
        RollbackConfig = ReadUpdate(spec.RollbackConfig, "RollbackConfig"),
        EndpointSpec = spec.EndpointSpec is { } endpoint ? ReadEndpoint(endpoint) : null,
    };

    private static ServiceMode ReadMode(E.ServiceMode? mode)
    {
        if (mode is null)
            return new ServiceMode { Replicated = new ReplicatedMode() };
        var set = (mode.Replicated is null ? 0 : 1) + (mode.Global is null ? 0 : 1)
            + (mode.ReplicatedJob is null ? 0 : 1) + (mode.GlobalJob is null ? 0 : 1);
        if (set > 1)
            throw new InvalidSpecException("Mode: only one of Replicated, Global, ReplicatedJob and GlobalJob may be set");
        if (mode.Global is not null)
            return new ServiceMode { Global = true };
        if (mode.GlobalJob is not null)
            return new ServiceMode { GlobalJob = true };
        if (mode.ReplicatedJob is { } job)
        {
            var concurrent = job.MaxConcurrent ?? 1;
            return new ServiceMode
            {
                ReplicatedJob = new ReplicatedJobMode { MaxConcurrent = concurrent, TotalCompletions = job.TotalCompletions ?? concurrent },
            };
        }
        return new ServiceMode { Replicated = new ReplicatedMode { Replicas = mode.Replicated?.Replicas ?? 1 } };
    }

    private static TaskSpec ReadTask(E.TaskSpec task, IReadOnlyList<E.NetworkAttachmentConfig>? legacyNetworks)
    {
        Validation.UnmodelledFields.Refuse("TaskTemplate", task.Unmodelled);
        Validation.UnmodelledFields.Refuse("ContainerSpec", task.ContainerSpec?.Unmodelled);
        if (task.LogDriver is { Name.Length: > 0 } log)
            throw new InvalidSpecException($"TaskTemplate: log driver {log.Name} is not supported yet");
        if (task.Runtime is { Length: > 0 } runtime && runtime != "container")
            throw new InvalidSpecException($"TaskTemplate: runtime {runtime} is not supported");
        return ReadTaskFields(task, legacyNetworks);
    }

    private static TaskSpec ReadTaskFields(E.TaskSpec task, IReadOnlyList<E.NetworkAttachmentConfig>? legacyNetworks) => new()
    {
        ContainerSpec = ReadContainer(task.ContainerSpec ?? new E.ContainerSpec()),
        Resources = task.Resources is { } r
            ? new ResourceRequirements { Limits = ReadResources(r.Limits), Reservations = ReadResources(r.Reservations) }
            : null,
        RestartPolicy = task.RestartPolicy is { } p ? new RestartPolicy
        {
            Condition = EngineWords.ConditionFrom(p.Condition),
            Delay = Nanoseconds.ToSpan(p.Delay, "RestartPolicy.Delay") ?? new RestartPolicy().Delay,
            MaxAttempts = p.MaxAttempts ?? 0,
            Window = Nanoseconds.ToSpan(p.Window, "RestartPolicy.Window") ?? TimeSpan.Zero,
        } : null,
        Placement = task.Placement is { } placement ? new Placement
        {
            Constraints = placement.Constraints ?? [],
            SpreadPreferences = (placement.Preferences ?? []).Select(ReadPreference).ToArray(),
            MaxReplicas = placement.MaxReplicas,
        } : null,
        Networks = (task.Networks ?? []).Concat(legacyNetworks ?? [])
            .Select(n => new NetworkAttachmentConfig { Target = n.Target, Aliases = n.Aliases ?? [] }).ToArray(),
        ForceUpdate = task.ForceUpdate,
    };

    private static string ReadPreference(E.PlacementPreference preference)
        => preference.Spread?.SpreadDescriptor is { Length: > 0 } descriptor
            ? descriptor
            : throw new InvalidSpecException("Placement: only spread preferences with a descriptor are supported");

    private static Resources? ReadResources(E.Limit? limit)
        => limit is null ? null : new Resources { NanoCpus = limit.NanoCPUs, MemoryBytes = limit.MemoryBytes, Pids = limit.Pids };

    private static ContainerSpec ReadContainer(E.ContainerSpec c) => new()
    {
        Image = c.Image ?? "",
        Labels = c.Labels ?? Empty.Labels,
        Command = c.Command,
        Args = c.Args,
        Hostname = c.Hostname is { Length: > 0 } h ? h : null,
        Env = c.Env ?? [],
        Dir = c.Dir is { Length: > 0 } d ? d : null,
        User = c.User is { Length: > 0 } u ? u : null,
        StopGracePeriod = Nanoseconds.ToSpan(c.StopGracePeriod, "ContainerSpec.StopGracePeriod"),
        StopSignal = c.StopSignal is { Length: > 0 } s ? s : null,
        Init = c.Init,
        ReadOnly = c.ReadOnly,
        Secrets = (c.Secrets ?? []).Select(r => ReadFile(r.SecretID, r.SecretName, r.File)).ToArray(),
        Configs = (c.Configs ?? []).Select(r => ReadFile(r.ConfigID, r.ConfigName, r.File)).ToArray(),
    };

    private static FileReference ReadFile(string id, string name, E.FileTarget? file) => new()
    {
        ObjectId = id,
        ObjectName = name,
        FileName = file?.Name is { Length: > 0 } f ? f : name,
        Uid = file?.UID ?? "0",
        Gid = file?.GID ?? "0",
        Mode = file?.Mode is > 0 and var mode ? mode : 0x124,
    };

    private static UpdateConfig? ReadUpdate(E.UpdateConfig? config, string field)
    {
        if (config is null)
            return null;
        var defaults = new UpdateConfig();
        return new UpdateConfig
        {
            Parallelism = config.Parallelism,
            Delay = Nanoseconds.ToSpan(config.Delay, field + ".Delay") ?? defaults.Delay,
            FailureAction = EngineWords.FailureActionFrom(config.FailureAction),
            Monitor = Nanoseconds.ToSpan(config.Monitor, field + ".Monitor") is { } m && m > TimeSpan.Zero ? m : defaults.Monitor,
            MaxFailureRatio = config.MaxFailureRatio,
            Order = EngineWords.OrderFrom(config.Order),
        };
    }

    private static EndpointSpec ReadEndpoint(E.EndpointSpec endpoint) => new()
    {
        Mode = EngineWords.EndpointModeFrom(endpoint.Mode),
        Ports = (endpoint.Ports ?? []).Select(ReadPort).ToArray(),
    };

    public static PortConfig ReadPort(E.PortConfig port) => new()
    {
        Name = port.Name is { Length: > 0 } n ? n : null,
        Protocol = EngineWords.ProtocolFrom(port.Protocol),
        TargetPort = port.TargetPort,
        PublishedPort = port.PublishedPort,
        PublishMode = EngineWords.PublishModeFrom(port.PublishMode),
    };
}
