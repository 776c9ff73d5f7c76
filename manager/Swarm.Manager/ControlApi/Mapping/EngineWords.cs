using Swarm.Api.Errors;
using Swarm.Api.Objects;

namespace Swarm.Manager.ControlApi.Mapping;

/// <summary>
/// Docker's lower-case words for our enums, both ways. Reading an unknown word is a 400 naming the field; an
/// absent word (null or "") means the default.
/// </summary>
internal static class EngineWords
{
    public static string Of(TaskState state) => state.ToString().ToLowerInvariant();

    public static string Of(NodeRole role) => role == NodeRole.Manager ? "manager" : "worker";

    public static string Of(NodeAvailability availability) => availability.ToString().ToLowerInvariant();

    public static string Of(NodeState state) => state.ToString().ToLowerInvariant();

    public static string Of(Reachability reachability) => reachability.ToString().ToLowerInvariant();

    public static string Of(RestartCondition condition) => condition switch
    {
        RestartCondition.None => "none",
        RestartCondition.OnFailure => "on-failure",
        _ => "any",
    };

    public static string Of(FailureAction action) => action.ToString().ToLowerInvariant();

    public static string Of(UpdateOrder order) => order == UpdateOrder.StartFirst ? "start-first" : "stop-first";

    public static string Of(EndpointMode mode) => mode == EndpointMode.Dnsrr ? "dnsrr" : "vip";

    public static string Of(PortProtocol protocol) => protocol.ToString().ToLowerInvariant();

    public static string Of(PublishMode mode) => mode == PublishMode.Host ? "host" : "ingress";

    public static string Of(UpdateState state) => state switch
    {
        UpdateState.Updating => "updating",
        UpdateState.Paused => "paused",
        UpdateState.Completed => "completed",
        UpdateState.RollbackStarted => "rollback_started",
        UpdateState.RollbackPaused => "rollback_paused",
        UpdateState.RollbackCompleted => "rollback_completed",
        _ => "",
    };

    public static TaskState TaskStateFrom(string word) => Enum.TryParse<TaskState>(word, ignoreCase: true, out var s)
        && !int.TryParse(word, out _) ? s : throw Invalid("task state", word);

    public static NodeRole RoleFrom(string? word, NodeRole fallback) => word switch
    {
        null or "" => fallback,
        "manager" => NodeRole.Manager,
        "worker" => NodeRole.Worker,
        _ => throw Invalid("role", word),
    };

    public static NodeAvailability AvailabilityFrom(string? word, NodeAvailability fallback) => word switch
    {
        null or "" => fallback,
        "active" => NodeAvailability.Active,
        "pause" => NodeAvailability.Pause,
        "drain" => NodeAvailability.Drain,
        _ => throw Invalid("availability", word),
    };

    public static RestartCondition ConditionFrom(string? word) => word switch
    {
        null or "" or "any" => RestartCondition.Any,
        "none" => RestartCondition.None,
        "on-failure" => RestartCondition.OnFailure,
        _ => throw Invalid("restart condition", word),
    };

    public static FailureAction FailureActionFrom(string? word) => word switch
    {
        null or "" or "pause" => FailureAction.Pause,
        "continue" => FailureAction.Continue,
        "rollback" => FailureAction.Rollback,
        _ => throw Invalid("failure action", word),
    };

    public static UpdateOrder OrderFrom(string? word) => word switch
    {
        null or "" or "stop-first" => UpdateOrder.StopFirst,
        "start-first" => UpdateOrder.StartFirst,
        _ => throw Invalid("update order", word),
    };

    public static EndpointMode EndpointModeFrom(string? word) => word switch
    {
        null or "" or "vip" => EndpointMode.Vip,
        "dnsrr" => EndpointMode.Dnsrr,
        _ => throw Invalid("endpoint mode", word),
    };

    public static PortProtocol ProtocolFrom(string? word) => word switch
    {
        null or "" or "tcp" => PortProtocol.Tcp,
        "udp" => PortProtocol.Udp,
        "sctp" => PortProtocol.Sctp,
        _ => throw Invalid("port protocol", word),
    };

    public static PublishMode PublishModeFrom(string? word) => word switch
    {
        null or "" or "ingress" => PublishMode.Ingress,
        "host" => PublishMode.Host,
        _ => throw Invalid("publish mode", word),
    };

    private static InvalidSpecException Invalid(string what, string word) => new($"invalid {what}: {word}");
}
