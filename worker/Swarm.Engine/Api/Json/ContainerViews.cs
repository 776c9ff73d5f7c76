namespace Swarm.Engine.Api.Json;

/// <summary>One entry of GET /containers/json (`docker ps`).</summary>
public sealed record ContainerSummary(
    string Id,
    IReadOnlyList<string> Names,
    string Image,
    string ImageID,
    string Command,
    long Created,
    IReadOnlyList<object> Ports,
    IReadOnlyDictionary<string, string> Labels,
    string State,
    string Status,
    IReadOnlyDictionary<string, string> HostConfig,
    object NetworkSettings,
    IReadOnlyList<object> Mounts);

/// <summary>GET /containers/{id}/json (`docker inspect`).</summary>
public sealed record ContainerInspect(
    string Id,
    string Created,
    string Path,
    IReadOnlyList<string> Args,
    ContainerStateJson State,
    string Image,
    string Name,
    int RestartCount,
    string Driver,
    string Platform,
    string LogPath,
    object HostConfig,
    ContainerConfigJson Config,
    object NetworkSettings,
    IReadOnlyList<object> Mounts);

public sealed record ContainerStateJson(
    string Status,
    bool Running,
    bool Paused,
    bool Restarting,
    bool OOMKilled,
    bool Dead,
    int Pid,
    int ExitCode,
    string Error,
    string StartedAt,
    string FinishedAt,
    HealthJson? Health);

public sealed record HealthJson(string Status, int FailingStreak, IReadOnlyList<HealthLogJson> Log);

public sealed record HealthLogJson(string Start, string End, int ExitCode, string Output);

public sealed record ContainerConfigJson(
    string Hostname,
    string User,
    IReadOnlyList<string> Env,
    IReadOnlyList<string> Cmd,
    IReadOnlyList<string>? Entrypoint,
    string Image,
    string WorkingDir,
    IReadOnlyDictionary<string, string> Labels,
    string StopSignal,
    bool Tty,
    bool AttachStdin,
    bool AttachStdout,
    bool AttachStderr,
    bool OpenStdin);

public sealed record ContainerCreateResponse(string Id, IReadOnlyList<string> Warnings);

public sealed record WaitResponse(int StatusCode);

public sealed record IdResponse(string Id);

public sealed record TopResponse(IReadOnlyList<string> Titles, IReadOnlyList<IReadOnlyList<string>> Processes);
