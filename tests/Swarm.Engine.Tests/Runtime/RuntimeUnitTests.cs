using System.Text;
using Swarm.Api.Errors;
using Swarm.Engine.Init.Protocol;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Tests.Runtime;

public sealed class RuntimeUnitTests
{
    [Fact]
    public void Merge_NoOverrides_TakesImageEntrypointCmdEnvAndWorkdir()
    {
        var merged = ContainerConfigMerger.Merge(
            new ImageRuntimeConfig { Entrypoint = ["/entry"], Cmd = ["--serve"], Env = ["A=1"], WorkingDir = "/app", User = "app" },
            new ContainerOverrides());
        Assert.Equal(["/entry", "--serve"], merged.Args);
        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=1"], merged.Env);
        Assert.Equal("/app", merged.WorkingDir);
        Assert.Equal("app", merged.User);
        Assert.Equal("SIGTERM", merged.StopSignal);
    }

    [Fact]
    public void Merge_EntrypointOverride_DropsImageCmd()
    {
        var merged = ContainerConfigMerger.Merge(new ImageRuntimeConfig { Entrypoint = ["/entry"], Cmd = ["--serve"] }, new ContainerOverrides { Entrypoint = ["sh"] });
        Assert.Equal(["sh"], merged.Args);
    }

    [Fact]
    public void Merge_CmdOverride_KeepsImageEntrypoint()
    {
        var merged = ContainerConfigMerger.Merge(new ImageRuntimeConfig { Entrypoint = ["/entry"], Cmd = ["--serve"] }, new ContainerOverrides { Cmd = ["--check"] });
        Assert.Equal(["/entry", "--check"], merged.Args);
    }

    [Fact]
    public void Merge_EnvOverride_ReplacesByNameInPlace()
    {
        var merged = ContainerConfigMerger.Merge(
            new ImageRuntimeConfig { Cmd = ["x"], Env = ["PATH=/bin", "A=1", "B=2"] },
            new ContainerOverrides { Env = ["A=override", "C=3"] });
        Assert.Equal(["PATH=/bin", "A=override", "B=2", "C=3"], merged.Env);
    }

    [Fact]
    public void Merge_HealthcheckNone_DisablesImageHealthcheck()
    {
        var merged = ContainerConfigMerger.Merge(
            new ImageRuntimeConfig { Cmd = ["x"], Healthcheck = new HealthcheckConfig { Test = ["CMD", "true"] }, StopSignal = "SIGQUIT" },
            new ContainerOverrides { Healthcheck = new HealthcheckConfig { Test = ["NONE"] } });
        Assert.Null(merged.Healthcheck);
        Assert.Equal("SIGQUIT", merged.StopSignal);
    }

    [Fact]
    public void Merge_NoCommandAnywhere_IsRejected()
        => Assert.Throws<InvalidSpecException>(() => ContainerConfigMerger.Merge(new ImageRuntimeConfig(), new ContainerOverrides()));

    [Fact]
    public void Capabilities_Defaults_AreDockersFourteen()
    {
        var mask = Capabilities.Compute([], []);
        Assert.Equal(0xa80425fbUL, mask);
        Assert.Equal(0UL, Capabilities.Compute([], ["ALL"]));
        Assert.Equal(mask | (1UL << 21), Capabilities.Compute(["CAP_SYS_ADMIN"], []));
        Assert.Throws<InvalidSpecException>(() => Capabilities.Compute(["NOT_A_CAP"], []));
    }

    [Fact]
    public void Signals_NamesAndNumbers_Parse()
    {
        Assert.Equal(15, Signals.Parse("SIGTERM"));
        Assert.Equal(15, Signals.Parse("term"));
        Assert.Equal(10, Signals.Parse("10"));
        Assert.Throws<InvalidSpecException>(() => Signals.Parse("SIGNOPE"));
    }

    [Fact]
    public void HealthEvaluator_FailuresDuringStartPeriod_AreNotCounted()
    {
        var starting = new HealthState(HealthStatus.Starting, 0, []);
        var failure = new HealthProbeResult(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, "no");
        var afterGrace = HealthEvaluator.Next(starting, failure, inStartPeriod: true, retries: 1);
        Assert.Equal(HealthStatus.Starting, afterGrace.Status);
        Assert.Equal(0, afterGrace.FailingStreak);
        var counted = HealthEvaluator.Next(starting, failure, inStartPeriod: false, retries: 2);
        Assert.Equal((HealthStatus.Starting, 1), (counted.Status, counted.FailingStreak));
        Assert.Equal(HealthStatus.Unhealthy, HealthEvaluator.Next(counted, failure, inStartPeriod: false, retries: 2).Status);
        var success = failure with { ExitCode = 0 };
        Assert.Equal((HealthStatus.Healthy, 0), (HealthEvaluator.Next(counted, success, false, 2).Status, HealthEvaluator.Next(counted, success, false, 2).FailingStreak));
    }

    [Fact]
    public void HealthEvaluator_KeepsLastFiveResults()
    {
        var state = new HealthState(HealthStatus.Starting, 0, []);
        for (var i = 0; i < 8; i++)
            state = HealthEvaluator.Next(state, new HealthProbeResult(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), false, 3);
        Assert.Equal(["3", "4", "5", "6", "7"], state.Log.Select(r => r.Output));
    }

    [Fact]
    public void HealthEvaluator_ProbeArgs_FollowDockerForms()
    {
        Assert.Equal(["curl", "-f", "x"], HealthEvaluator.ProbeArgs(["CMD", "curl", "-f", "x"]));
        Assert.Equal(["/bin/sh", "-c", "exit 1"], HealthEvaluator.ProbeArgs(["CMD-SHELL", "exit 1"]));
        Assert.Null(HealthEvaluator.ProbeArgs(["NONE"]));
    }

    [Fact]
    public void InitSpecCodec_RoundTrip_KeepsEveryField()
    {
        var spec = new InitSpec
        {
            StateDir = "/s", LowerDirs = ["/l1", "/l2"], UpperDir = "/u", WorkDir = "/w", RootfsDir = "/r", ReadOnlyRootfs = true,
            Hostname = "h", NetMode = "path", NetNsPath = "/run/netns/x", Cgroups = ["/c1"],
            Mounts = [new SpecMount("bind", "/src", "/dst", true, ""), new SpecMount("tmpfs", "tmpfs", "/t", false, "size=1m")],
            Args = ["sh", "-c", "echo 'multi\nline' \"quoted\""], Env = ["A=1", "EMPTY="], WorkingDir = "/wd", User = "1:2",
            Capabilities = 0xa80425fb, NoNewPrivileges = true, Rlimits = [new SpecRlimit(7, 10, ulong.MaxValue)],
            LogPath = "/log", LogMaxSize = 1024, LogMaxFiles = 3, TargetPid = 99,
        };
        var decoded = InitSpecCodec.Decode(InitSpecCodec.Encode(spec));
        Assert.Equal(Encoding.UTF8.GetString(InitSpecCodec.Encode(spec)), Encoding.UTF8.GetString(InitSpecCodec.Encode(decoded)));
        Assert.Equal(spec.Args, decoded.Args);
        Assert.Equal(spec.Mounts, decoded.Mounts);
        Assert.Equal(spec.Rlimits, decoded.Rlimits);
    }

    [Fact]
    public void InitSpecCodec_NulInArgument_IsRejected()
        => Assert.Throws<ArgumentException>(() => InitSpecCodec.Encode(new InitSpec { Args = ["a\0b"] }));
}
