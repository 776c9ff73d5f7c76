using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Swarm.Api.Objects;
using Swarm.Store;
using E = Swarm.Api.EngineApi;

namespace Swarm.Manager.ControlApi.Endpoints;

/// <summary><c>/_ping</c>, <c>/version</c>, <c>/info</c>: what clients ask first, answered on any node.</summary>
/// <remarks>A worker has no store, hence the optional one.</remarks>
internal sealed class SystemEndpoints(ILocalNode local, MemoryStore? store = null, ILocalEngine? engine = null)
{
    public static void Map(IEndpointRouteBuilder routes, bool resolvesImages)
    {
        routes.MapMethods("/_ping", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) => http.Handler<SystemEndpoints>().Ping(http));
        routes.MapGet("/version", (HttpContext http) => http.Handler<SystemEndpoints>().Version());
        routes.MapGet("/info", (Func<HttpContext, Task<IResult>>)(http => http.Handler<SystemEndpoints>().InfoAsync(http.RequestAborted)));
        if (resolvesImages)
            return;
        // service create pins image digests through this; no registry is reachable from here, so say so and the
        // CLI goes on without a digest (it prints a warning).
        routes.MapGet("/distribution/{**image}", (string image) => ApiResults.Error(StatusCodes.Status404NotFound,
            $"no such image: {TrimJson(image)}: the manager does not resolve image digests"));
    }

    private IResult Ping(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers["API-Version"] = ApiVersionFilter.Current;
        headers["OSType"] = "linux";
        headers["Docker-Experimental"] = "false";
        headers["Swarm"] = SwarmHeader();
        headers.CacheControl = "no-cache, no-store, must-revalidate";
        headers.Pragma = "no-cache";
        return HttpMethods.IsHead(http.Request.Method) ? Results.Ok() : Results.Text("OK", "text/plain; charset=utf-8");
    }

    private string SwarmHeader() => local.State switch
    {
        LocalNodeState.Active => local.IsManager ? "active/manager" : "active/worker",
        _ => local.State.ToString().ToLowerInvariant(),
    };

    private IResult Version() => ApiResults.Json(new E.VersionInfo
    {
        Platform = new E.ComponentVersion { Name = "Swarm" },
        Components =
        [
            new E.ComponentVersion
            {
                Name = "Engine",
                Version = local.EngineVersion,
                Details = new Dictionary<string, string>
                {
                    ["ApiVersion"] = ApiVersionFilter.Current,
                    ["MinAPIVersion"] = ApiVersionFilter.Minimum,
                    ["Os"] = "linux",
                    ["Arch"] = Arch(),
                },
            },
        ],
        Version = local.EngineVersion,
        ApiVersion = ApiVersionFilter.Current,
        MinAPIVersion = ApiVersionFilter.Minimum,
        GoVersion = RuntimeInformation.FrameworkDescription,
        Os = "linux",
        Arch = Arch(),
        KernelVersion = Environment.OSVersion.Version.ToString(),
    });

    private async Task<IResult> InfoAsync(CancellationToken cancellationToken)
    {
        var summary = engine is null ? null : await engine.SummarizeAsync(cancellationToken);
        var manager = local.IsManager && local.State == LocalNodeState.Active;
        var snapshot = manager ? store?.Snapshot() : null;
        var nodes = snapshot?.Nodes.All().ToList();
        return ApiResults.Json(new E.SystemInfo
        {
            ID = local.NodeId,
            Name = local.Hostname,
            Containers = summary is null ? 0 : summary.ContainersRunning + summary.ContainersPaused + summary.ContainersStopped,
            ContainersRunning = summary?.ContainersRunning ?? 0,
            ContainersPaused = summary?.ContainersPaused ?? 0,
            ContainersStopped = summary?.ContainersStopped ?? 0,
            Images = summary?.Images ?? 0,
            Driver = summary?.StorageDriver ?? "overlay2",
            CgroupDriver = summary?.CgroupDriver ?? "",
            CgroupVersion = summary?.CgroupVersion ?? "",
            DockerRootDir = summary?.RootDir ?? "",
            ServerVersion = local.EngineVersion,
            OperatingSystem = RuntimeInformation.OSDescription,
            Architecture = RuntimeInformation.OSArchitecture == Architecture.X64 ? "x86_64" : RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            KernelVersion = Environment.OSVersion.Version.ToString(),
            NCPU = Environment.ProcessorCount,
            MemTotal = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            Swarm = new E.SwarmState
            {
                NodeID = local.NodeId,
                NodeAddr = local.Address,
                LocalNodeState = local.State.ToString().ToLowerInvariant(),
                ControlAvailable = manager,
                RemoteManagers = nodes?.Where(n => n.ManagerStatus is not null)
                    .Select(n => new E.PeerNode { NodeID = n.Id, Addr = n.ManagerStatus!.Addr }).ToArray(),
                Nodes = nodes?.Count,
                Managers = nodes?.Count(n => n.Role == NodeRole.Manager),
                Cluster = snapshot?.Clusters.All().FirstOrDefault() is { } cluster ? SwarmEndpoints.Write(cluster, withTokens: false) : null,
            },
        });
    }

    private static string Arch() => RuntimeInformation.OSArchitecture == Architecture.X64 ? "amd64" : RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    private static string TrimJson(string image) => image.EndsWith("/json", StringComparison.Ordinal) ? image[..^5] : image;
}
