using Swarm.Api.Objects;
using Swarm.Engine.Executor;
using Swarm.Engine.Images;
using Swarm.Engine.Runtime;
using Swarm.Exec;

namespace Swarm.Engine.Tests.Executor;

public sealed class TaskContainerConfigTests : IDisposable
{
    private readonly Swarm.Testing.TempDirectory _dir = new("swarm-volumes-");

    private Swarm.Engine.Volumes.VolumeStore Volumes => new(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private static readonly Image Busybox = new(
        Digest.Parse("sha256:" + new string('a', 64)), ["busybox:latest"], [],
        new ImageConfig { Cmd = ["sh"], Env = ["PATH=/bin", "A=image"], WorkingDir = "/srv", User = "1000" },
        [], ["/layers/l1"], Digest.Parse("sha256:" + new string('b', 64)), null, "linux", "amd64", 1);

    [Fact]
    public void Build_ServiceSpec_CommandReplacesEntrypointEnvMergesAndSwarmLabelsSet()
    {
        var task = NewTask(new ContainerSpec
        {
            Image = "busybox",
            Command = ["sleep"],
            Args = ["10"],
            Env = ["A=task"],
            StopGracePeriod = TimeSpan.FromSeconds(3),
            StopSignal = "SIGINT",
            Labels = new Dictionary<string, string> { ["team"] = "x" },
        });

        var config = TaskContainerConfig.Build(task, Busybox, [], new EngineExecutorOptions(), Volumes);

        Assert.Equal(["sleep", "10"], config.Args);
        Assert.Equal(["PATH=/bin", "A=task"], config.Env);
        Assert.Equal("/srv", config.WorkingDir);
        Assert.Equal("1000", config.User);
        Assert.Equal("SIGINT", config.StopSignal);
        Assert.Equal(TimeSpan.FromSeconds(3), config.StopTimeout);
        Assert.Equal("web.2." + task.Id, config.Name);
        Assert.Equal(task.Id, config.Labels[TaskLabels.TaskId]);
        Assert.Equal("web", config.Labels[TaskLabels.ServiceName]);
        Assert.Equal("x", config.Labels["team"]);
        Assert.Equal(["/layers/l1"], config.RootfsLowerDirs);
    }

    [Fact]
    public void Build_LimitsMountsAndHealthcheck_Mapped()
    {
        var task = NewTask(new ContainerSpec
        {
            Image = "busybox",
            Mounts = [new Mount { Type = MountType.Tmpfs, Target = "/cache", TmpfsSizeBytes = 1 << 20 }],
            Healthcheck = new HealthConfig { Test = ["CMD", "true"], Interval = TimeSpan.FromSeconds(2), Retries = 5 },
        }) with
        {
            Spec = new TaskSpec
            {
                ContainerSpec = new ContainerSpec
                {
                    Image = "busybox",
                    Mounts = [new Mount { Type = MountType.Tmpfs, Target = "/cache", TmpfsSizeBytes = 1 << 20 }],
                    Healthcheck = new HealthConfig { Test = ["CMD", "true"], Interval = TimeSpan.FromSeconds(2), Retries = 5 },
                },
                Resources = new ResourceRequirements { Limits = new Resources { MemoryBytes = 64 << 20, NanoCpus = 500_000_000, Pids = 50 } },
            },
        };

        var config = TaskContainerConfig.Build(task, Busybox, [], new EngineExecutorOptions(), Volumes);

        Assert.Equal(new ResourceLimits { MemoryBytes = 64 << 20, NanoCpus = 500_000_000, PidsLimit = 50 }, config.Resources);
        Assert.Equal(new MountSpec(MountKind.Tmpfs, "tmpfs", "/cache", false, "size=1048576"), Assert.Single(config.Mounts));
        Assert.Equal(TimeSpan.FromSeconds(2), config.Healthcheck!.Interval);
        Assert.Equal(5, config.Healthcheck.Retries);
        Assert.Equal(["sh"], config.Args);
    }

    [Fact]
    public void Build_VolumeMounts_NameALocalVolume_OrAFreshAnonymousOne()
    {
        var task = NewTask(new ContainerSpec
        {
            Image = "busybox",
            Mounts =
            [
                new Mount { Type = MountType.Volume, Source = "pgdata", Target = "/var/lib/db" },
                new Mount { Type = MountType.Volume, Target = "/scratch", ReadOnly = true },
            ],
        });

        var config = TaskContainerConfig.Build(task, Busybox, [], new EngineExecutorOptions(), Volumes);

        var named = Volumes.Get("pgdata");
        Assert.Equal(new MountSpec(MountKind.Volume, named.Mountpoint, "/var/lib/db"), config.Mounts[0]);
        var anonymous = Assert.Single(Volumes.List(), v => v.Anonymous);
        Assert.Equal(new MountSpec(MountKind.Volume, anonymous.Mountpoint, "/scratch", ReadOnly: true), config.Mounts[1]);
    }

    [Fact]
    public void Build_ImageDeclaredVolumes_GetAnonymousVolumes_UnlessAMountCoversThem()
    {
        var image = Busybox with { Config = Busybox.Config with { Volumes = new() { ["/data"] = new EmptyObject(), ["/logs/"] = new EmptyObject() } } };
        var task = NewTask(new ContainerSpec
        {
            Image = "busybox",
            Mounts = [new Mount { Type = MountType.Volume, Source = "logs", Target = "/logs" }],
        });

        var config = TaskContainerConfig.Build(task, image, [], new EngineExecutorOptions(), Volumes);

        Assert.Equal(["/logs", "/data"], config.Mounts.Select(m => m.Target));
        Assert.All(config.Mounts, m => Assert.Equal(MountKind.Volume, m.Kind));
        Assert.Equal(2, Volumes.List().Count); // "logs" and one anonymous volume for /data
    }

    [Fact]
    public void Resolve_SecretAndConfig_PlacedAtDockerPaths()
    {
        var secret = new Secret { Id = "s1", Spec = new SecretSpec { Name = "db", Data = "pw"u8.ToArray() } };
        var configObject = new Config { Id = "c1", Spec = new ConfigSpec { Name = "app", Data = "x=1"u8.ToArray() } };
        var spec = new ContainerSpec
        {
            Secrets = [new FileReference { ObjectId = "s1", ObjectName = "db", FileName = "db_password" }],
            Configs = [new FileReference { ObjectId = "c1", ObjectName = "app", FileName = "/etc/app.conf", Mode = 0x1a4 }],
        };
        var dependencies = new TaskDependencies
        {
            Secrets = new Dictionary<string, Secret> { ["s1"] = secret },
            Configs = new Dictionary<string, Config> { ["c1"] = configObject },
        };

        var files = TaskFiles.Resolve(spec, dependencies);

        Assert.Equal(["/run/secrets/db_password", "/etc/app.conf"], files.Select(f => f.Target));
        Assert.Equal(0x1a4u, files[1].Mode);
        Assert.Equal("pw"u8.ToArray(), files[0].Data.ToArray());
    }

    private static SwarmTask NewTask(ContainerSpec spec) => new()
    {
        Id = Ids.New(),
        ServiceId = "svc1",
        ServiceName = "web",
        Slot = 2,
        Spec = new TaskSpec { ContainerSpec = spec },
        DesiredState = TaskState.Running,
    };
}
