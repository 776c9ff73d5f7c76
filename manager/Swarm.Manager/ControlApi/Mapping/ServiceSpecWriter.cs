using Swarm.Api.Objects;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Mapping;

/// <summary>Our ServiceSpec (and the task spec inside it) as Docker shows it.</summary>
internal static class ServiceSpecWriter
{
    public static E.ServiceSpec Write(ServiceSpec spec) => new()
    {
        Name = spec.Name,
        Labels = spec.Labels,
        TaskTemplate = WriteTask(spec.TaskTemplate),
        Mode = WriteMode(spec.Mode),
        UpdateConfig = WriteUpdate(spec.UpdateConfig),
        RollbackConfig = WriteUpdate(spec.RollbackConfig),
        EndpointSpec = WriteEndpoint(spec.EndpointSpec ?? new EndpointSpec()),
    };

    public static E.ServiceMode WriteMode(ServiceMode mode)
    {
        if (mode.Global)
            return new E.ServiceMode { Global = new E.GlobalService() };
        if (mode.GlobalJob)
            return new E.ServiceMode { GlobalJob = new E.GlobalService() };
        if (mode.ReplicatedJob is { } job)
            return new E.ServiceMode { ReplicatedJob = new E.ReplicatedJob { MaxConcurrent = job.MaxConcurrent, TotalCompletions = job.TotalCompletions } };
        return new E.ServiceMode { Replicated = new E.ReplicatedService { Replicas = mode.Replicated?.Replicas ?? 1 } };
    }

    public static E.TaskSpec WriteTask(TaskSpec task) => new()
    {
        ContainerSpec = WriteContainer(task.ContainerSpec),
        Resources = task.Resources is { } r
            ? new E.ResourceRequirements { Limits = WriteResources(r.Limits), Reservations = WriteResources(r.Reservations) }
            : null,
        RestartPolicy = task.RestartPolicy is { } p ? new E.RestartPolicy
        {
            Condition = EngineWords.Of(p.Condition),
            Delay = Nanoseconds.Of(p.Delay),
            MaxAttempts = p.MaxAttempts,
            Window = Nanoseconds.Of(p.Window),
        } : null,
        Placement = task.Placement is { } placement ? new E.Placement
        {
            Constraints = placement.Constraints,
            Preferences = placement.SpreadPreferences
                .Select(d => new E.PlacementPreference { Spread = new E.SpreadOver { SpreadDescriptor = d } }).ToArray(),
            MaxReplicas = placement.MaxReplicas,
        } : null,
        Networks = task.Networks.Count == 0 ? null
            : task.Networks.Select(n => new E.NetworkAttachmentConfig { Target = n.Target, Aliases = n.Aliases }).ToArray(),
        ForceUpdate = task.ForceUpdate,
        Runtime = "container",
    };

    private static E.Limit? WriteResources(Resources? r)
        => r is null ? null : new E.Limit { NanoCPUs = r.NanoCpus, MemoryBytes = r.MemoryBytes, Pids = r.Pids };

    private static E.ContainerSpec WriteContainer(ContainerSpec c) => new()
    {
        Image = c.Image,
        Labels = c.Labels.Count == 0 ? null : c.Labels,
        Command = c.Command,
        Args = c.Args,
        Hostname = c.Hostname,
        Env = c.Env.Count == 0 ? null : c.Env,
        Dir = c.Dir,
        User = c.User,
        StopGracePeriod = Nanoseconds.Of(c.StopGracePeriod),
        StopSignal = c.StopSignal,
        Init = c.Init,
        ReadOnly = c.ReadOnly,
        Secrets = c.Secrets.Count == 0 ? null : c.Secrets.Select(s => new E.SecretReference
        {
            File = WriteFile(s), SecretID = s.ObjectId, SecretName = s.ObjectName,
        }).ToArray(),
        Configs = c.Configs.Count == 0 ? null : c.Configs.Select(s => new E.ConfigReference
        {
            File = WriteFile(s), ConfigID = s.ObjectId, ConfigName = s.ObjectName,
        }).ToArray(),
        Isolation = "default",
    };

    private static E.FileTarget WriteFile(FileReference file)
        => new() { Name = file.FileName, UID = file.Uid, GID = file.Gid, Mode = file.Mode };

    private static E.UpdateConfig? WriteUpdate(UpdateConfig? config) => config is null ? null : new E.UpdateConfig
    {
        Parallelism = config.Parallelism,
        Delay = Nanoseconds.Of(config.Delay),
        FailureAction = EngineWords.Of(config.FailureAction),
        Monitor = Nanoseconds.Of(config.Monitor),
        MaxFailureRatio = config.MaxFailureRatio,
        Order = EngineWords.Of(config.Order),
    };

    public static E.EndpointSpec WriteEndpoint(EndpointSpec endpoint) => new()
    {
        Mode = EngineWords.Of(endpoint.Mode),
        Ports = endpoint.Ports.Count == 0 ? null : endpoint.Ports.Select(WritePort).ToArray(),
    };

    public static E.PortConfig WritePort(PortConfig port) => new()
    {
        Name = port.Name,
        Protocol = EngineWords.Of(port.Protocol),
        TargetPort = port.TargetPort,
        PublishedPort = port.PublishedPort,
        PublishMode = EngineWords.Of(port.PublishMode),
    };
}
