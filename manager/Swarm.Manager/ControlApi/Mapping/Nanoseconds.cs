using Swarm.Api.Errors;

namespace Swarm.Manager.ControlApi.Mapping;

/// <summary>Docker sends durations as integer nanoseconds; .NET counts 100 ns ticks.</summary>
internal static class Nanoseconds
{
    public static long Of(TimeSpan span) => span.Ticks * 100;

    public static long? Of(TimeSpan? span) => span is { } s ? Of(s) : null;

    public static TimeSpan ToSpan(long nanoseconds, string field)
        => nanoseconds < 0 ? throw new InvalidSpecException($"{field} cannot be negative") : TimeSpan.FromTicks(nanoseconds / 100);

    public static TimeSpan? ToSpan(long? nanoseconds, string field) => nanoseconds is { } n ? ToSpan(n, field) : null;
}
