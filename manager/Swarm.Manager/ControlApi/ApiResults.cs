using Microsoft.AspNetCore.Http;
using Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi;

/// <summary>Every JSON answer goes through here, so all of them use <see cref="EngineJson.Options"/>.</summary>
internal static class ApiResults
{
    public static IResult Json<T>(T value, int statusCode = StatusCodes.Status200OK)
        => Results.Json(value, EngineJson.Options, contentType: "application/json", statusCode: statusCode);

    public static IResult Created<T>(T value) => Json(value, StatusCodes.Status201Created);

    public static IResult Error(int statusCode, string message) => Json(new ErrorResponse(message), statusCode);

    /// <summary>Docker answers deletes and some updates with 200 and an empty body.</summary>
    public static IResult Ok() => Results.Ok();
}
