using Swarm.Api.Objects;

namespace Swarm.Manager.Planning.Orchestration;

/// <summary>
/// The tasks that share one place of a service: a slot number (replicated, replicated job) or a node (global,
/// global job; <see cref="Slot"/> 0). Tasks are ordered by id.
/// </summary>
public sealed record TaskSlot(ulong Slot, string NodeId, IReadOnlyList<SwarmTask> Tasks);
