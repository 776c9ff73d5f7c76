using Swarm.Api.Errors;
using Swarm.Store.NodeHost.Api.Contracts;

namespace Swarm.Store.NodeHost.Api;

/// <summary>
/// Turns errors into Docker-style JSON bodies (<c>{"message": ...}</c>): 400 bad input, 404, 409 conflicts,
/// 503 "not the leader" with the leader's address so a client can go there instead.
/// </summary>
internal sealed partial class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            var (status, body) = Map(error);
            if (status >= StatusCodes.Status500InternalServerError && error is not NotLeaderException)
                LogFailed(context.Request.Method, context.Request.Path, error);
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(body, NodeJsonContext.Default.ErrorResponse, cancellationToken: context.RequestAborted);
        }
    }

    private static (int Status, ErrorResponse Body) Map(Exception error) => error switch
    {
        BadHttpRequestException bad => (bad.StatusCode, new ErrorResponse(bad.Message)),
        InvalidSpecException => (StatusCodes.Status400BadRequest, new ErrorResponse(error.Message)),
        NotFoundException => (StatusCodes.Status404NotFound, new ErrorResponse(error.Message)),
        NameConflictException or VersionConflictException => (StatusCodes.Status409Conflict, new ErrorResponse(error.Message)),
        NotLeaderException notLeader => (StatusCodes.Status503ServiceUnavailable, new ErrorResponse(error.Message, notLeader.LeaderAddress)),
        _ => (StatusCodes.Status500InternalServerError, new ErrorResponse(error.Message)),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private partial void LogFailed(string method, string path, Exception error);
}
