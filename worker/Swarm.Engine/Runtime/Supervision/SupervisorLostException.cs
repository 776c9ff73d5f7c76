namespace Swarm.Engine.Runtime.Supervision;

/// <summary>The connection to the node's container supervisor broke; reconnect and reconcile from exit files.</summary>
internal sealed class SupervisorLostException() : Exception("the container supervisor connection was lost");
