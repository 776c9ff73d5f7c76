using Microsoft.AspNetCore.Http;

namespace Swarm.Manager.ControlApi.Forwarding;

/// <summary>
/// What may be forwarded to the leader, and how a forwarded request is recognised so it is never forwarded twice
/// (a leader that lost its term mid-request answers 503 itself instead of sending the write around the cluster).
/// </summary>
public static class ForwardingRules
{
    /// <summary>Set on a request replayed into the leader's API; its value is the forwarding manager's node id.</summary>
    public const string ForwardedByHeader = "X-Swarm-Forwarded-By";

    /// <summary>Trailer on the UNAVAILABLE answer of a receiver that is not the leader: the request did not run.</summary>
    public const string NotRunTrailer = "swarm-forward-not-run";

    /// <summary>Requests about the node they were sent to: running them on the leader would act on the wrong node.</summary>
    private static readonly string[] NodeLocalPaths = ["/swarm/init", "/swarm/join", "/swarm/leave", "/swarm/unlock"];

    /// <summary>Request headers besides Content-Type that the leader's API may read, so they travel with the request.</summary>
    public static readonly IReadOnlyList<string> CarriedHeaders = ["X-Registry-Auth"];

    public static bool IsForwarded(HttpRequest request) => request.Headers.ContainsKey(ForwardedByHeader);

    public static IReadOnlyDictionary<string, string> CarriedHeadersOf(HttpRequest request)
        => CarriedHeaders
            .Where(name => request.Headers.ContainsKey(name))
            .ToDictionary(name => name, name => request.Headers[name].ToString(), StringComparer.OrdinalIgnoreCase);

    public static bool IsCarried(string name) => CarriedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase);

    public static bool IsNodeLocal(string pathAndQuery)
    {
        var path = WithoutVersion(pathAndQuery.Split('?', 2)[0]).TrimEnd('/');
        return NodeLocalPaths.Contains(path, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A path this API serves (absolute, same host), so a replay can never be aimed elsewhere.</summary>
    public static bool IsLocalPath(string pathAndQuery)
        => pathAndQuery.StartsWith('/') && !pathAndQuery.StartsWith("//", StringComparison.Ordinal)
           && !pathAndQuery.Contains('\\', StringComparison.Ordinal);

    private static string WithoutVersion(string path)
    {
        // "/v1.41/services" → "/services"; the API maps every route bare and under /v{version}.
        if (path.Length > 2 && path[1] == 'v' && char.IsAsciiDigit(path[2]))
        {
            var next = path.IndexOf('/', 1);
            return next < 0 ? "/" : path[next..];
        }
        return path;
    }
}
