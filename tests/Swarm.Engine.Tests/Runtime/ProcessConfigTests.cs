using System.Text;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Tests.Runtime;

[Trait("Requires", "root")]
public sealed class ProcessConfigTests
{
    [Fact]
    public async Task Run_EnvUserAndWorkdir_AreApplied()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "id -u; id -g; id -G; pwd; echo $GREETING; echo $HOME") with
        {
            Env = ["PATH=/bin", "GREETING=hello"],
            User = "app",
            WorkingDir = "/srv/work",
        };
        await h.RunAsync(config);
        Assert.Equal("1000\n1000\n1000 50\n/srv/work\nhello\n/home/app\n", await h.StdoutAsync(config.Id));
    }

    [Fact]
    public async Task Run_NumericUserAndGroup_NeedNoPasswdEntry()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "echo $(id -u):$(id -g)") with { User = "4242:4343" };
        await h.RunAsync(config);
        Assert.Equal("4242:4343\n", await h.StdoutAsync(config.Id));
    }

    [Fact]
    public async Task Run_Capabilities_DefaultSetWithAddAndDrop()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "grep CapEff /proc/self/status | cut -f2") with { CapAdd = ["NET_ADMIN"], CapDrop = ["CHOWN"] };
        await h.RunAsync(config);
        var expected = Capabilities.Compute(["NET_ADMIN"], ["CHOWN"]);
        Assert.Equal(expected.ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + "\n", await h.StdoutAsync(config.Id));
        Assert.NotEqual(0UL, expected & (1UL << 12)); // NET_ADMIN
        Assert.Equal(0UL, expected & 1UL); // CHOWN
    }

    [Fact]
    public async Task Run_NoNewPrivilegesAndRlimits_AreApplied()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "grep NoNewPrivs /proc/self/status | cut -f2; ulimit -n") with
        {
            NoNewPrivileges = true,
            Rlimits = [new RlimitSpec("nofile", 321, 654)],
        };
        await h.RunAsync(config);
        Assert.Equal("1\n321\n", await h.StdoutAsync(config.Id));
    }

    [Fact]
    public async Task Run_BindTmpfsAndReadOnlyMounts_Work()
    {
        await using var h = new RuntimeHarness();
        var shared = h.Sub("shared");
        var readOnly = h.Sub("ro");
        Directory.CreateDirectory(shared);
        Directory.CreateDirectory(readOnly);
        File.WriteAllText(Path.Combine(readOnly, "data"), "from-host");
        var config = h.Config("sh", "-c",
            "echo written > /shared/out; cat /ro/data; echo; touch /ro/x 2>/dev/null || echo ro-refused; grep ' /scratch ' /proc/mounts | cut -d' ' -f3") with
        {
            Mounts =
            [
                new MountSpec(MountKind.Bind, shared, "/shared"),
                new MountSpec(MountKind.Volume, readOnly, "/ro", ReadOnly: true),
                new MountSpec(MountKind.Tmpfs, "", "/scratch", TmpfsOptions: "size=1m"),
            ],
        };
        await h.RunAsync(config);
        Assert.Equal("from-host\nro-refused\ntmpfs\n", await h.StdoutAsync(config.Id));
        Assert.Equal("written\n", File.ReadAllText(Path.Combine(shared, "out")));
    }

    [Fact]
    public async Task Run_BindSourceThroughAbsoluteSymlink_MountsTheHostTarget()
    {
        await using var h = new RuntimeHarness();
        var real = h.Sub("real");
        Directory.CreateDirectory(real);
        File.WriteAllText(Path.Combine(real, "data"), "host-file");
        File.CreateSymbolicLink(h.Sub("link"), real); // absolute target: must resolve on the host, not in the container
        var config = h.Config("cat", "/data/data") with { Mounts = [new MountSpec(MountKind.Bind, Path.Combine(h.Sub("link"), "."), "/data")] };
        await h.RunAsync(config);
        Assert.Equal("host-file", await h.StdoutAsync(config.Id));
    }

    [Fact]
    public async Task Run_ReadOnlyRootfs_RefusesWritesOutsideMounts()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "touch /newfile 2>/dev/null || echo refused; echo ok > /dev/shm/x && cat /dev/shm/x") with { ReadOnlyRootfs = true };
        await h.RunAsync(config);
        Assert.Equal("refused\nok\n", await h.StdoutAsync(config.Id));
    }

    [Fact]
    public async Task Run_Secrets_AreFilesOnTmpfsWithModeAndOwner()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "cat /run/secrets/db_password; echo; stat -c '%a %u %g' /run/secrets/db_password; grep ' /run/secrets/db_password ' /proc/mounts | cut -d' ' -f3,4 | cut -c1-8") with
        {
            Files = [new FileMount("db_password", "/run/secrets/db_password", Encoding.UTF8.GetBytes("s3cret"), Mode: 0x100, Uid: 1000, Gid: 1000)],
        };
        await h.RunAsync(config);
        Assert.Equal("s3cret\n400 1000 1000\ntmpfs ro\n", await h.StdoutAsync(config.Id));
        Assert.DoesNotContain("s3cret", File.ReadAllText(Path.Combine(h.Root, "containers", config.Id, "config.json")), StringComparison.Ordinal);
        await h.Runtime.RemoveAsync(config.Id, force: false, CancellationToken.None);
        Assert.Empty(h.HostMountsUnderRoot());
    }

    [Fact]
    public async Task Run_EtcFiles_HaveHostnameAndExtraHosts()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("sh", "-c", "grep web /etc/hosts; cat /etc/resolv.conf") with
        {
            ExtraHosts = ["10.0.0.7\tweb"],
            ResolvConf = "nameserver 127.0.0.11\n",
        };
        await h.RunAsync(config);
        Assert.Equal("10.0.0.7\tweb\nnameserver 127.0.0.11\n", await h.StdoutAsync(config.Id));
    }

    [Fact]
    public async Task Exec_RunsInsideTheContainer()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sleep", "60") with { Hostname = "exec-target", Env = ["PATH=/bin", "FROM_CONTAINER=1"] });
        var result = await h.Runtime.ExecAsync(config.Id,
            new ExecConfig { Args = ["sh", "-c", "hostname; cat /proc/1/cmdline | tr '\\0' ' '; echo; echo $FROM_CONTAINER$EXTRA; id -u; echo oops >&2; exit 3"], Env = ["EXTRA=2"], User = "app" },
            CancellationToken.None);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("exec-target\nsleep 60 \n12\n1000\n", result.Stdout);
        Assert.Equal("oops\n", result.Stderr);
    }

    [Fact]
    public async Task Exec_StoppedContainer_IsRefused()
    {
        await using var h = new RuntimeHarness();
        var config = h.Config("true");
        await h.RunAsync(config);
        await Assert.ThrowsAsync<ContainerStateConflictException>(() => h.Runtime.ExecAsync(config.Id, new ExecConfig { Args = ["true"] }, CancellationToken.None));
    }
}
