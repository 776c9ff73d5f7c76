using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Swarm.Engine.Api;

/// <summary>
/// The output side of attach and exec start. The docker CLI asks to hijack the connection (`Connection: Upgrade`,
/// `Upgrade: tcp`) and insists on 101; other clients get a plain 200 streamed body. Either way the content is
/// Docker's raw stream (multiplexed frames when not a TTY).
/// </summary>
internal static class RawStream
{
    public const string ContentType = "application/vnd.docker.raw-stream";

    public static async Task<Stream> OpenAsync(HttpContext http)
    {
        http.Response.Headers.ContentType = ContentType;
        var upgrade = http.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is { IsUpgradableRequest: true })
        {
            http.Response.Headers.Upgrade = "tcp";
            return await upgrade.UpgradeAsync();
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted); // headers now: clients wait for them before going on
        return http.Response.Body;
    }

    /// <summary>Upgraded: no token (a half-close looks like an abort; a gone client fails the write). Else the request's.</summary>
    public static CancellationToken OutputToken(HttpContext http)
        => http.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } ? CancellationToken.None : http.RequestAborted;
}
