using Microsoft.AspNetCore.Http;
using Swarm.Api.Errors;

namespace Swarm.Manager.ControlApi;

/// <summary>An HTTP answer that no store error describes (e.g. 503 "not a swarm manager").</summary>
public sealed class ApiException(int statusCode, string message) : SwarmException(message)
{
    public int StatusCode { get; } = statusCode;

    public static ApiException Unavailable(string message) => new(StatusCodes.Status503ServiceUnavailable, message);
}
