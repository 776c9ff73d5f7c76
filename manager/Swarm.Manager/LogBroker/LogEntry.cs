namespace Swarm.Manager.LogBroker;

/// <summary>One line of one task, as a node published it. <see cref="Stream"/> is Docker's frame type (1 stdout, 2 stderr).</summary>
public sealed record LogEntry(string NodeId, string TaskId, DateTimeOffset Time, byte Stream, ReadOnlyMemory<byte> Data);
