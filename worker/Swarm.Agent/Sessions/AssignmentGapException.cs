namespace Swarm.Agent.Sessions;

/// <summary>The assignments stream broke its promise (no complete set first, a gap, an end): start a new session.</summary>
internal sealed class AssignmentGapException(string message) : Exception(message);
