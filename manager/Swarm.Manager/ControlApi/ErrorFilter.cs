using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Swarm.Api.Errors;

namespace Swarm.Manager.ControlApi;

/// <summary>
/// Turns errors into Docker's <c>{"message": ...}</c> answers (400 bad input, 404, 409 conflicts, 503), and sends
/// a write this manager could not commit because it is not the leader to the leader, unchanged. A write whose
/// outcome is unknown (it may have committed) is never sent twice: the client hears 503 and decides.
/// </summary>
internal sealed partial class ErrorFilter(ILeaderForwarder forwarder, ILogger<ErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var write = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
        if (write)
            http.Request.EnableBuffering();
        try
        {
            return await next(context);
        }
        // A request another manager forwarded here is never forwarded again: it answers 503 below.
        catch (NotLeaderException notLeader) when (write && !notLeader.MayHaveCommitted && !http.Response.HasStarted
            && !Forwarding.ForwardingRules.IsForwarded(http.Request))
        {
            return await ForwardAsync(http, notLeader);
        }
        catch (Exception error) when (!http.Response.HasStarted && Map(error) is { } status)
        {
            if (status >= StatusCodes.Status500InternalServerError && error is not (NotLeaderException or ApiException))
                LogFailed(http.Request.Method, http.Request.Path, error);
            return ApiResults.Error(status, error is NotLeaderException { MayHaveCommitted: true }
                ? $"{error.Message}; leadership changed while the write was in flight, so it may or may not have been applied: inspect before retrying"
                : error.Message);
        }
    }

    private async Task<IResult> ForwardAsync(HttpContext http, NotLeaderException notLeader)
    {
        http.Request.Body.Position = 0;
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var request = new ForwardedRequest(
            http.Request.Method, http.Request.PathBase + http.Request.Path + http.Request.QueryString,
            http.Request.ContentType, body.ToArray(), Forwarding.ForwardingRules.CarriedHeadersOf(http.Request));
        var answer = await forwarder.ForwardAsync(request, http.RequestAborted);
        if (answer is null)
        {
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable,
                $"{notLeader.Message}, and the request could not be forwarded to it; retry on the leader");
        }
        LogForwarded(http.Request.Method, http.Request.Path, answer.StatusCode);
        return new RawResult(answer);
    }

    private static int? Map(Exception error) => error switch
    {
        ApiException api => api.StatusCode,
        BadHttpRequestException bad => bad.StatusCode,
        InvalidSpecException => StatusCodes.Status400BadRequest,
        NotFoundException => StatusCodes.Status404NotFound,
        NameConflictException or VersionConflictException => StatusCodes.Status409Conflict,
        NotLeaderException => StatusCodes.Status503ServiceUnavailable,
        OperationCanceledException => null,
        _ => StatusCodes.Status500InternalServerError,
    };

    private sealed class RawResult(ForwardedResponse answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = answer.StatusCode;
            if (answer.ContentType is not null)
                httpContext.Response.ContentType = answer.ContentType;
            await httpContext.Response.Body.WriteAsync(answer.Body, httpContext.RequestAborted);
        }
    }
}
