using System.Globalization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;

namespace Swarm.Manager.ControlApi;

/// <summary>
/// Checks the <c>/v1.xx/</c> prefix clients send. Every version from 1.24 to 1.47 gets the same (1.41) answers;
/// others are refused with Docker's words.
/// </summary>
internal sealed class ApiVersionFilter : IEndpointFilter
{
    public const string Current = "1.41";
    public const string Minimum = "1.24";
    public const string Maximum = "1.47";

    private static readonly Version Lowest = new(1, 24);
    private static readonly Version Highest = new(1, 47);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var text = context.HttpContext.GetRouteValue("apiVersion") as string ?? "";
        if (!TryParse(text, out var version))
            return ValueTask.FromResult<object?>(ApiResults.Error(StatusCodes.Status400BadRequest, $"invalid API version: v{text}"));
        if (version < Lowest)
        {
            return ValueTask.FromResult<object?>(ApiResults.Error(StatusCodes.Status400BadRequest,
                $"client version {text} is too old. Minimum supported API version is {Minimum}, please upgrade your client to a newer version"));
        }
        if (version > Highest)
        {
            return ValueTask.FromResult<object?>(ApiResults.Error(StatusCodes.Status400BadRequest,
                $"client version {text} is too new. Maximum supported API version is {Maximum}"));
        }
        return next(context);
    }

    private static bool TryParse(string text, out Version version)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        version = new Version();
        if (dot <= 0
            || !int.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            return false;
        version = new Version(major, minor);
        return true;
    }
}
