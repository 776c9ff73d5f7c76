using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Swarm.Api.Errors;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Images;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Api;

/// <summary>Exceptions as Docker's errors: `{"message": ...}` with 400, 404, 409 or 500.</summary>
public static class ApiErrors
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (!context.HttpContext.Response.HasStarted && e is not OperationCanceledException)
        {
            return Result(e);
        }
    }

    public static IResult Result(Exception e)
        // Exactly "application/json": the docker CLI compares the header verbatim and otherwise prints the raw body.
        => Results.Json(new { message = e.Message }, EngineJson.Options, contentType: "application/json", statusCode: StatusCode(e));

    public static int StatusCode(Exception e) => e switch
    {
        NotFoundException => StatusCodes.Status404NotFound,
        NameConflictException or ContainerStateConflictException or VersionConflictException or ImageInUseException or ImageConflictException
            or Volumes.VolumeInUseException
            => StatusCodes.Status409Conflict,
        RegistryException { StatusCode: 404 } => StatusCodes.Status404NotFound,
        InvalidSpecException or InvalidImageException or JsonException or BadHttpRequestException or FormatException => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };
}
