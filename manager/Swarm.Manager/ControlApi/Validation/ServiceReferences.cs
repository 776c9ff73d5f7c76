using Swarm.Api.Errors;
using Swarm.Api.Objects;
using Swarm.Store.Transactions;

namespace Swarm.Manager.ControlApi.Validation;

/// <summary>
/// Resolves what a service spec refers to against the store: networks by name or id (stored as ids), secrets and
/// configs by id or, when the client sent only a name, by name. A missing object is a 404 naming it.
/// </summary>
internal static class ServiceReferences
{
    public static ServiceSpec Resolve(ServiceSpec spec, ReadTransaction snapshot)
    {
        var task = spec.TaskTemplate;
        var networks = task.Networks.Select(n => n with { Target = ResolveNetwork(n.Target, snapshot) }).ToArray();
        if (networks.DistinctBy(n => n.Target).Count() != networks.Length)
            throw new InvalidSpecException("a service cannot be attached to the same network twice");
        var container = task.ContainerSpec with
        {
            Secrets = task.ContainerSpec.Secrets.Select(f => ResolveFile(f, "secret", snapshot.Secrets)).ToArray(),
            Configs = task.ContainerSpec.Configs.Select(f => ResolveFile(f, "config", snapshot.Configs)).ToArray(),
        };
        return spec with { TaskTemplate = task with { Networks = networks, ContainerSpec = container } };
    }

    private static string ResolveNetwork(string target, ReadTransaction snapshot)
    {
        var network = snapshot.Networks.Resolve(target) ?? throw NotFoundException.For("network", target);
        if (network.Spec.Ingress)
            throw new InvalidSpecException($"Service cannot be explicitly attached to the ingress network \"{network.Spec.Name}\"");
        return network.Id;
    }

    private static FileReference ResolveFile<T>(FileReference file, string kind, ReadTable<T> table) where T : class, ISwarmObject
    {
        var found = (file.ObjectId.Length > 0 ? table.Get(file.ObjectId) : table.GetByName(file.ObjectName))
            ?? throw new NotFoundException($"{kind} not found: {(file.ObjectId.Length > 0 ? file.ObjectId : file.ObjectName)}");
        return file with { ObjectId = found.Id, ObjectName = found.UniqueName ?? file.ObjectName };
    }
}
