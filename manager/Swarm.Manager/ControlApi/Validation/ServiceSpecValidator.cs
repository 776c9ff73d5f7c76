using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Manager.Planning.Scheduling;

namespace Swarm.Manager.ControlApi.Validation;

/// <summary>
/// Checks a service spec as Swarm's control API does, before anything is written: names, image, resources,
/// placement (constraints parsed by the scheduler's own parser), update configs, endpoint and file targets.
/// </summary>
internal static class ServiceSpecValidator
{
    private const long MinMemory = 4 * 1024 * 1024;
    private const long MinNanoCpus = 1_000_000;

    public static void Validate(ServiceSpec spec)
    {
        NameRules.CheckService(spec.Name);
        CheckTask(spec.TaskTemplate);
        CheckMode(spec);
        CheckUpdate(spec.UpdateConfig, "UpdateConfig");
        CheckUpdate(spec.RollbackConfig, "RollbackConfig");
        CheckEndpoint(spec.EndpointSpec);
    }

    /// <summary>What an update may not change, whatever else it does.</summary>
    public static void CheckUpdate(ServiceSpec current, ServiceSpec next)
    {
        if (!string.Equals(current.Name, next.Name, StringComparison.Ordinal))
            throw new InvalidSpecException("renaming services is not supported");
        if (KindOf(current.Mode) != KindOf(next.Mode))
            throw new InvalidSpecException("service mode change is not allowed");
    }

    private static string KindOf(ServiceMode mode)
        => mode.Global ? "global" : mode.GlobalJob ? "global-job" : mode.ReplicatedJob is not null ? "replicated-job" : "replicated";

    private static void CheckTask(TaskSpec task)
    {
        var image = task.ContainerSpec.Image;
        if (string.IsNullOrWhiteSpace(image))
            throw new InvalidSpecException("ContainerSpec: image reference must be provided");
        if (image.Any(char.IsWhiteSpace))
            throw new InvalidSpecException($"ContainerSpec: \"{image}\" is not a valid repository/tag");
        CheckResources(task.Resources?.Limits, "Limits");
        CheckResources(task.Resources?.Reservations, "Reservations");
        if (task.Placement is { } placement)
            Constraint.ParseAll(placement.Constraints);
        CheckTargets(task.ContainerSpec.Secrets, "secret");
        CheckTargets(task.ContainerSpec.Configs, "config");
    }

    private static void CheckResources(Resources? resources, string which)
    {
        if (resources is null)
            return;
        if (resources.MemoryBytes != 0 && resources.MemoryBytes < MinMemory)
            throw new InvalidSpecException($"invalid memory value {resources.MemoryBytes}: Must be at least 4MiB");
        if (resources.NanoCpus != 0 && resources.NanoCpus < MinNanoCpus)
            throw new InvalidSpecException($"invalid cpu value {resources.NanoCpus / 1e9:g}: Must be at least 0.001");
        if (resources.MemoryBytes < 0 || resources.NanoCpus < 0 || resources.Pids < 0)
            throw new InvalidSpecException($"Resources.{which}: values cannot be negative");
    }

    private static void CheckTargets(IReadOnlyList<FileReference> files, string kind)
    {
        var seen = new Dictionary<string, FileReference>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.ObjectId.Length == 0 && file.ObjectName.Length == 0)
                throw new InvalidSpecException($"malformed {kind} reference: neither an id nor a name");
            if (seen.TryGetValue(file.FileName, out var other))
            {
                throw new InvalidSpecException(
                    $"{kind} references '{other.ObjectName}' and '{file.ObjectName}' have a conflicting target: '{file.FileName}'");
            }
            seen[file.FileName] = file;
        }
    }

    private static void CheckMode(ServiceSpec spec)
    {
        if (spec.Mode.Global || spec.Mode.GlobalJob)
        {
            if (spec.TaskTemplate.Placement is { MaxReplicas: > 0 })
                throw new InvalidSpecException("max replicas per node cannot be set for a global service");
        }
        if (spec.Mode.ReplicatedJob is { MaxConcurrent: 0 })
            throw new InvalidSpecException("ReplicatedJob: MaxConcurrent must be at least 1");
    }

    private static void CheckUpdate(UpdateConfig? config, string field)
    {
        if (config is { MaxFailureRatio: < 0 or > 1 })
            throw new InvalidSpecException($"{field}: max failure ratio cannot be less than 0 or bigger than 1");
    }

    private static void CheckEndpoint(EndpointSpec? endpoint)
    {
        if (endpoint is null)
            return;
        if (endpoint.Mode == EndpointMode.Dnsrr && endpoint.Ports.Any(p => p.PublishMode == PublishMode.Ingress))
            throw new InvalidSpecException("EndpointSpec: port published with ingress mode can't be used with dnsrr mode");
        var published = new HashSet<(uint, PortProtocol, PublishMode)>();
        foreach (var port in endpoint.Ports)
        {
            if (port.TargetPort == 0 || port.TargetPort > 65535 || port.PublishedPort > 65535)
                throw new InvalidSpecException($"EndpointSpec: invalid port {port.TargetPort}->{port.PublishedPort}");
            if (port.PublishedPort != 0 && !published.Add((port.PublishedPort, port.Protocol, port.PublishMode)))
                throw new InvalidSpecException("EndpointSpec: duplicate published ports provided");
        }
    }
}
