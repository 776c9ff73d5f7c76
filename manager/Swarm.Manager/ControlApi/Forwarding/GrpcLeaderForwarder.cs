using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Swarm.Api.Dispatch;
using Swarm.Api.EngineApi;
using Swarm.Api.Errors;
using Swarm.Manager.Dispatching;
using Swarm.Store;

namespace Swarm.Manager.ControlApi.Forwarding;

/// <summary>
/// Sends a write this follower could not commit to the leader's <c>ControlForwarding</c> service. The leader is
/// found from the store's manager nodes (<see cref="ManagerDirectory"/>). An attempt that provably did not run
/// (no connection, or the receiver is not the leader either) is tried again, on the leader it names if any, until
/// <see cref="ForwardingOptions.LeaderPatience"/> runs out (then null: the client hears 503). A call that may have
/// run and whose answer was lost is never repeated: the client hears 503 "may or may not have been applied".
/// Before answering, this manager's store catches up with the leader, so the client can read its write here.
/// </summary>
internal sealed partial class GrpcLeaderForwarder(
    MemoryStore store,
    ManagerDirectory managers,
    LeaderChannels channels,
    ForwardingOptions options,
    TimeProvider time,
    ILogger<GrpcLeaderForwarder> logger) : ILeaderForwarder
{
    public async Task<ForwardedResponse?> ForwardAsync(ForwardedRequest request, CancellationToken cancellationToken)
    {
        if (ForwardingRules.IsNodeLocal(request.PathAndQuery))
            return null;
        var started = time.GetTimestamp();
        string? named = null;
        while (true)
        {
            var leader = named ?? managers.LeaderAddress(store.Snapshot());
            named = null;
            if (leader is not null)
            {
                ForwardedResponse? answer = null;
                try
                {
                    answer = await CallAsync(leader, request, cancellationToken);
                }
                catch (RpcException e) when (DidNotRun(e) && !cancellationToken.IsCancellationRequested)
                {
                    LogAttemptFailed(leader, e.Status.Detail);
                    named = e.Trailers.GetValue(DispatchProtocol.LeaderAddressTrailer);
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (RpcException e) when (MayHaveRun(e))
                {
                    LogOutcomeUnknown(leader, e.Status.Detail);
                    return Unknown(leader, e.Status.Detail);
                }
                catch (RpcException e)
                {
                    LogRefused(leader, e.StatusCode, e.Status.Detail);
                    return null;
                }
                if (answer is not null)
                {
                    await CatchUpAsync(cancellationToken);
                    return answer;
                }
            }
            if (time.GetElapsedTime(started) >= options.LeaderPatience)
                return null;
            await Task.Delay(options.RetryDelay, time, cancellationToken);
        }
    }

    private async Task<ForwardedResponse> CallAsync(string leader, ForwardedRequest request, CancellationToken cancellationToken)
    {
        var client = new ControlForwarding.ControlForwardingClient(channels.For(leader));
        var message = new ForwardRequest
        {
            Method = request.Method,
            PathAndQuery = request.PathAndQuery,
            Body = UnsafeByteOperations.UnsafeWrap(request.Body),
        };
        if (request.ContentType is not null)
            message.ContentType = request.ContentType;
        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
            message.Headers[name] = value;
        var answer = await client.ForwardAsync(
            message, deadline: time.GetUtcNow().UtcDateTime + options.CallTimeout, cancellationToken: cancellationToken);
        return new ForwardedResponse(answer.StatusCode, answer.HasContentType ? answer.ContentType : null, answer.Body.Memory);
    }

    /// <summary>
    /// Waits until this manager's store holds what the leader committed, so the client reads its own write here
    /// (docker CLI creates a service, then reads it back). Bounded: the answer is returned regardless.
    /// </summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CatchUpTimeout);
        try
        {
            await store.ReadBarrierAsync(timeout.Token);
        }
        catch (Exception e) when (e is NotLeaderException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogCatchUpFailed(e.Message);
        }
    }

    /// <summary>The receiver said it ran nothing, or no connection was ever made: safe to try again.</summary>
    private static bool DidNotRun(RpcException e)
        => e.StatusCode == StatusCode.Unavailable
           && (e.Trailers.Get(ForwardingRules.NotRunTrailer) is not null || NeverConnected(e.Status.DebugException));

    /// <summary>
    /// A failure to connect (refused, unreachable, TLS handshake), not a connection lost mid-call. Grpc.Net.Client
    /// reports it as the bare SocketException of its subchannel, or as SocketsHttpHandler's HttpRequestException.
    /// </summary>
    private static bool NeverConnected(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable
                    or SocketError.NetworkUnreachable or SocketError.HostNotFound or SocketError.AddressNotAvailable }:
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError }:
                case AuthenticationException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>The request may have reached the leader's API before the answer was lost.</summary>
    private static bool MayHaveRun(RpcException e)
        => e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled;

    private static ForwardedResponse Unknown(string leader, string detail) => new(
        StatusCodes.Status503ServiceUnavailable,
        "application/json",
        JsonSerializer.SerializeToUtf8Bytes(new ErrorResponse(
            $"the request was forwarded to the leader ({leader}) but its answer was lost ({detail}); it may or may not have been applied: inspect before retrying"),
            EngineJson.Options));
}
