using System.Text.Json;
using Swarm.Api.Objects;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Mapping;

/// <summary>
/// Whether two specs would make different tasks. Swarm compares content (a scale leaves tasks alone); our
/// orchestrator compares <see cref="Service.SpecVersion"/>, so the API bumps it only when this says so.
/// Compared through the canonical Engine JSON, since our records hold lists (reference equality).
/// </summary>
internal static class TaskSpecs
{
    public static bool Same(TaskSpec a, TaskSpec b) => Canonical(a) == Canonical(b);

    /// <summary>The task template and the endpoint (ports, mode) are what tasks are made from.</summary>
    public static bool SameTasks(ServiceSpec a, ServiceSpec b)
        => Same(a.TaskTemplate, b.TaskTemplate)
            && JsonSerializer.Serialize(ServiceSpecWriter.WriteEndpoint(a.EndpointSpec ?? new EndpointSpec()), EngineJson)
                == JsonSerializer.Serialize(ServiceSpecWriter.WriteEndpoint(b.EndpointSpec ?? new EndpointSpec()), EngineJson);

    private static string Canonical(TaskSpec spec) => JsonSerializer.Serialize(ServiceSpecWriter.WriteTask(spec), EngineJson);

    private static JsonSerializerOptions EngineJson => E.EngineJson.Options;
}
