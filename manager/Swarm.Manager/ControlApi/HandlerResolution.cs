using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Swarm.Manager.ControlApi;

/// <summary>
/// Handlers are resolved inside the endpoint, not bound as parameters: parameters are bound before endpoint
/// filters run, and a worker (no store registered) must get the manager-only filter's 503, not a binding failure.
/// </summary>
internal static class HandlerResolution
{
    public static T Handler<T>(this HttpContext http) where T : notnull => http.RequestServices.GetRequiredService<T>();

    /// <summary>
    /// A handler taking only the HttpContext, typed as a Func: a lambda of that shape would be taken for a
    /// RequestDelegate, which drops the returned result and skips endpoint filters.
    /// </summary>
    public static Delegate With<T>(Func<T, HttpContext, Task<IResult>> handle) where T : notnull
        => (Func<HttpContext, Task<IResult>>)(http => handle(http.Handler<T>(), http));

    public static Delegate Streaming<T>(Func<T, HttpContext, Task> handle) where T : notnull
        => (Func<HttpContext, Task>)(http => handle(http.Handler<T>(), http));
}
