namespace Swarm.Engine.Runtime.Logs;

/// <summary>One json-file line: Message keeps its trailing newline, as Docker's "log" field does.</summary>
public sealed record LogEntry(string Stream, DateTimeOffset Time, string Message);

/// <summary>Tail = last N entries (null = all); Follow keeps reading until the container exits.</summary>
public sealed record LogReadOptions(bool Follow = false, int? Tail = null, DateTimeOffset? Since = null, bool Stdout = true, bool Stderr = true);
