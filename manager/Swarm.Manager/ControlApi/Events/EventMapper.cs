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
        if (change is { Kind: EventKind.Update, Object: Node node, Previous: Node before } && before.Status.State != node.Status.State)
        {
            attributes["state.old"] = before.Status.State.ToString().ToLowerInvariant();
            attributes["state.new"] = node.Status.State.ToString().ToLowerInvariant();
        }
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
