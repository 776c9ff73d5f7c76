using Grpc.Core;
using Swarm.Api.Dispatch;

namespace Swarm.Manager.Tests.Dispatching;

/// <summary>Reads an assignments stream with a bound on every wait.</summary>
internal static class StreamReading
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static async Task<AssignmentsMessage> NextAsync(this AsyncServerStreamingCall<AssignmentsMessage> call)
    {
        using var timeout = new CancellationTokenSource(Patience);
        if (!await call.ResponseStream.MoveNext(timeout.Token))
            throw new InvalidOperationException("the assignments stream ended");
        return call.ResponseStream.Current;
    }

    /// <summary>Reads messages until one has a change matching <paramref name="wanted"/>.</summary>
    public static async Task<AssignmentChange> UntilAsync(this AsyncServerStreamingCall<AssignmentsMessage> call, Func<AssignmentChange, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (await call.ResponseStream.MoveNext(timeout.Token))
        {
            if (call.ResponseStream.Current.Changes.FirstOrDefault(wanted) is { } change)
                return change;
        }
        throw new InvalidOperationException("the assignments stream ended");
    }
}
