using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Api;

/// <summary>`docker top` (processes in the container's cgroup) and `docker stats` (cgroup usage).</summary>
internal static class ContainerStatsEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/containers/{id}/top", Top);
        group.MapGet("/containers/{id}/stats", StatsAsync);
    }

    private static IResult Top(HttpContext http, string id)
    {
        var containers = http.RequestServices.GetRequiredService<EngineContainers>();
        var info = containers.Resolve(id);
        if (info.State.Status != ContainerStatus.Running)
            throw new ContainerStateConflictException($"container {info.Config.Id} is not running");
        var processes = new List<IReadOnlyList<string>>();
        foreach (var pid in Pids(containers.Runtime, info.Config.Id))
        {
            if (Process(pid) is { } row)
                processes.Add(row);
        }
        return Results.Json(new TopResponse(["UID", "PID", "PPID", "CMD"], processes), EngineJson.Options);
    }

    /// <summary>One sample (stream=0) or one per second until the client leaves.</summary>
    private static async Task StatsAsync(HttpContext http, string id)
    {
        var containers = http.RequestServices.GetRequiredService<EngineContainers>();
        var info = containers.Resolve(id);
        var stream = http.Request.Query.ContainsKey("stream") ? ApiQuery.Bool(http, "stream") : true;
        http.Response.ContentType = "application/json";
        object? previous = null;
        do
        {
            var sample = Sample(containers.Runtime, info, previous);
            await JsonSerializer.SerializeAsync(http.Response.Body, sample.Json, EngineJson.Options, http.RequestAborted);
            await http.Response.WriteAsync("\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            previous = sample.Cpu;
            if (stream)
                await Task.Delay(TimeSpan.FromSeconds(1), http.RequestAborted);
        }
        while (stream && !http.RequestAborted.IsCancellationRequested);
    }

    private static (object Json, object Cpu) Sample(ContainerRuntime runtime, ContainerInfo info, object? previous)
    {
        var stats = runtime.Stats(info.Config.Id);
        var cpu = new
        {
            cpu_usage = new { total_usage = stats.CpuUsageNanos, usage_in_kernelmode = 0, usage_in_usermode = stats.CpuUsageNanos },
            system_cpu_usage = SystemCpuNanos(),
            online_cpus = Environment.ProcessorCount,
        };
        var json = new Dictionary<string, object?>
        {
            ["read"] = EngineJson.Time(stats.Read),
            ["preread"] = EngineJson.Time(previous is null ? null : stats.Read.AddSeconds(-1)),
            ["name"] = "/" + info.Config.Name,
            ["id"] = info.Config.Id,
            ["pids_stats"] = new { current = stats.Pids },
            ["cpu_stats"] = cpu,
            ["precpu_stats"] = previous ?? new { cpu_usage = new { total_usage = 0 }, system_cpu_usage = 0, online_cpus = Environment.ProcessorCount },
            ["memory_stats"] = new
            {
                usage = stats.MemoryUsageBytes,
                limit = stats.MemoryLimitBytes > 0 ? stats.MemoryLimitBytes : (ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
                stats = new Dictionary<string, ulong>(),
            },
            ["blkio_stats"] = new { },
            ["networks"] = new Dictionary<string, object>(),
        };
        return (json, cpu);
    }

    /// <summary>Host CPU time in nanoseconds (first line of /proc/stat, in USER_HZ = 100 ticks per second).</summary>
    private static ulong SystemCpuNanos()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(7);
        return fields.Aggregate(0UL, (sum, f) => sum + ulong.Parse(f, CultureInfo.InvariantCulture)) * 10_000_000UL;
    }

    private static IEnumerable<int> Pids(ContainerRuntime runtime, string id)
    {
        foreach (var dir in runtime.Cgroups.Paths(id))
        {
            var procs = Path.Combine(dir, "cgroup.procs");
            if (File.Exists(procs))
                return File.ReadAllLines(procs).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).Order().ToList();
        }
        return [];
    }

    private static List<string>? Process(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            string Field(string name) => status.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..].Trim() ?? "";
            var uid = Field("Uid").Split('\t', ' ')[0];
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return [uid, pid.ToString(CultureInfo.InvariantCulture), Field("PPid"), cmdline.Length > 0 ? cmdline : $"[{Field("Name")}]"];
        }
        catch (IOException)
        {
            return null; // exited meanwhile
        }
    }
}
