using System.Globalization;
using Swarm.Engine.Api.Json;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Api;

/// <summary>The runtime's container records in Docker's JSON shapes.</summary>
internal static class ContainerViewMapper
{
    public static ContainerSummary Summary(ContainerInfo info, DateTimeOffset now)
    {
        var (config, state) = (info.Config, info.State);
        return new ContainerSummary(
            config.Id,
            ["/" + config.Name],
            ImageName(config),
            EngineLabels.Get(config.Labels, EngineLabels.ImageId),
            string.Join(' ', config.Args),
            state.CreatedAt.ToUnixTimeSeconds(),
            [],
            EngineLabels.Visible(config.Labels),
            StateName(state.Status),
            StatusText(state, now),
            new Dictionary<string, string> { ["NetworkMode"] = config.Network.Kind == "path" ? "container" : config.Network.Kind },
            new { Networks = new Dictionary<string, object>() },
            []);
    }

    public static ContainerInspect Inspect(ContainerInfo info, string logPath)
    {
        var (config, state) = (info.Config, info.State);
        var health = state.Health is { } h
            ? new HealthJson(h.Status, h.FailingStreak, [.. h.Log.Select(l => new HealthLogJson(EngineJson.Time(l.Start), EngineJson.Time(l.End), l.ExitCode, l.Output))])
            : null;
        return new ContainerInspect(
            config.Id,
            EngineJson.Time(state.CreatedAt),
            config.Args[0],
            [.. config.Args.Skip(1)],
            new ContainerStateJson(
                StateName(state.Status),
                state.Status == ContainerStatus.Running,
                false,
                false,
                state.OomKilled,
                false,
                state.Status == ContainerStatus.Running ? state.Pid : 0,
                state.ExitCode ?? 0,
                state.Error ?? "",
                EngineJson.Time(state.StartedAt),
                EngineJson.Time(state.FinishedAt),
                health),
            EngineLabels.Get(config.Labels, EngineLabels.ImageId),
            "/" + config.Name,
            0,
            "overlay",
            "linux",
            logPath,
            new
            {
                NetworkMode = config.Network.Kind,
                AutoRemove = config.Labels.ContainsKey(EngineLabels.AutoRemove),
                Init = config.Init,
                ReadonlyRootfs = config.ReadOnlyRootfs,
                Memory = config.Resources.MemoryBytes,
                NanoCpus = config.Resources.NanoCpus,
                CpuShares = config.Resources.CpuShares,
                PidsLimit = config.Resources.PidsLimit,
                CapAdd = config.CapAdd,
                CapDrop = config.CapDrop,
                LogConfig = new { Type = "json-file", Config = new Dictionary<string, string>() },
                RestartPolicy = new { Name = "no", MaximumRetryCount = 0 },
            },
            new ContainerConfigJson(
                config.Hostname ?? config.Id[..12],
                config.User,
                config.Env,
                config.Args,
                null,
                ImageName(config),
                config.WorkingDir,
                EngineLabels.Visible(config.Labels),
                config.StopSignal,
                false,
                config.OpenStdin,
                true,
                true,
                config.OpenStdin),
            new { Networks = new Dictionary<string, object>() },
            [.. config.Mounts.Select(m => (object)new
            {
                Type = m.Kind.ToString().ToLowerInvariant(),
                m.Source,
                Destination = m.Target,
                Mode = "",
                RW = !m.ReadOnly,
            })]);
    }

    public static string StateName(ContainerStatus status) => status switch
    {
        ContainerStatus.Created => "created",
        ContainerStatus.Running => "running",
        _ => "exited",
    };

    private static string ImageName(ContainerConfig config)
    {
        var name = EngineLabels.Get(config.Labels, EngineLabels.ImageName);
        return name.Length > 0 ? name : EngineLabels.Get(config.Labels, EngineLabels.ImageId);
    }

    /// <summary>`docker ps`'s STATUS column: "Up 3 minutes", "Exited (0) 2 seconds ago", "Created".</summary>
    private static string StatusText(ContainerState state, DateTimeOffset now) => state.Status switch
    {
        ContainerStatus.Created => "Created",
        ContainerStatus.Running => "Up " + Ago(now - (state.StartedAt ?? now)) + (state.Health is { } h ? $" ({h.Status})" : ""),
        _ => $"Exited ({state.ExitCode ?? 0}) {Ago(now - (state.FinishedAt ?? now))} ago",
    };

    private static string Ago(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => "Less than a second",
        < 60 => Plural((int)span.TotalSeconds, "second"),
        < 3600 => Plural((int)span.TotalMinutes, "minute"),
        < 172800 => Plural((int)span.TotalHours, "hour"),
        _ => Plural((int)span.TotalDays, "day"),
    };

    private static string Plural(int n, string unit)
        => n == 1 ? $"1 {unit}" : string.Create(CultureInfo.InvariantCulture, $"{n} {unit}s");
}
