using Swarm.Api.Objects;
using Swarm.Store.Watch;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Events;

/// <summary>Store changes as Docker's swarm events: type, action (create/update/remove), actor id and name.</summary>
internal static class EventMapper
{
    public static readonly string[] Types = ["service", "node", "network", "secret", "config"];

    public static E.EngineEvent? ToEvent(StoreEvent change)
    {
        if (TypeOf(change.ObjectKind) is not { } type || change.Object is not { } obj)
            return null;
        var attributes = new Dictionary<string, string> { ["name"] = NameOf(obj) };
        if (change.Kind == EventKind.Update)
            AddChanges(attributes, change.Previous, obj);
        var nanos = ToNanos(obj.Meta.UpdatedAt);
        return new E.EngineEvent
        {
            Type = type,
            Action = change.Kind switch { EventKind.Create => "create", EventKind.Delete => "remove", _ => "update" },
            Actor = new E.EventActor { ID = obj.Id, Attributes = attributes },
            Scope = "swarm",
            Time = nanos / 1_000_000_000,
            TimeNano = nanos,
        };
    }

    /// <summary>What Docker reports of an update: old and new values of the fields people watch.</summary>
    private static void AddChanges(Dictionary<string, string> attributes, ISwarmObject? previous, ISwarmObject current)
    {
        switch (previous, current)
        {
            case (Node before, Node node):
                Add(attributes, "state", Word(before.Status.State), Word(node.Status.State));
                Add(attributes, "availability", Word(before.Spec.Availability), Word(node.Spec.Availability));
                Add(attributes, "role", Word(before.Spec.DesiredRole), Word(node.Spec.DesiredRole));
                break;
            case (Service before, Service service):
                Add(attributes, "image", before.Spec.TaskTemplate.ContainerSpec.Image, service.Spec.TaskTemplate.ContainerSpec.Image);
                Add(attributes, "replicas", Replicas(before), Replicas(service));
                Add(attributes, "updatestate", UpdateWord(before), UpdateWord(service));
                break;
        }
    }

    private static void Add(Dictionary<string, string> attributes, string key, string? old, string? now)
    {
        if (old == now)
            return;
        attributes[key + ".old"] = old ?? "";
        attributes[key + ".new"] = now ?? "";
    }

    private static string Word<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string? Replicas(Service s) => s.Spec.Mode.Replicated?.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? UpdateWord(Service s) => s.UpdateStatus is { } u ? Mapping.EngineWords.Of(u.State) : null;

    public static long ToNanos(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static string? TypeOf(ObjectKind kind) => kind switch
    {
        ObjectKind.Service => "service",
        ObjectKind.Node => "node",
        ObjectKind.Network => "network",
        ObjectKind.Secret => "secret",
        ObjectKind.Config => "config",
        _ => null,
    };

    private static string NameOf(ISwarmObject obj) => obj switch
    {
        Node n => n.Spec.Name ?? n.Description?.Hostname ?? n.Id,
        _ => obj.UniqueName ?? obj.Id,
    };
}
