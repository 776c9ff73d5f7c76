using System.Text;
using Swarm.Engine.Runtime;

namespace Swarm.Engine.Tests.Runtime;

/// <summary>`docker exec -t`: the command runs on a pseudo-terminal of the container's own devpts.</summary>
[Trait("Requires", "root")]
public sealed class ExecTerminalTests
{
    [Fact]
    public async Task Exec_WithTty_RunsOnAContainerTerminalOfTheGivenSize()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sleep", "60"));

        var (code, output) = await RunAsync(h, config.Id, new ExecConfig { Args = ["sh", "-c", "tty; stty size"], Tty = true, Rows = 33, Columns = 77 });

        Assert.Equal(0, code);
        Assert.Matches(@"^/dev/pts/\d+\r\n33 77\r\n$", output); // a terminal's line discipline turns \n into \r\n
    }

    [Fact]
    public async Task Exec_WithTty_ResizeReachesTheRunningCommand_AndInputGoesThroughTheTerminal()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sleep", "60"));
        using var bound = new CancellationTokenSource(RuntimeHarness.Bound);
        await using var exec = await h.Runtime.StartExecAsync(config.Id,
            new ExecConfig { Args = ["sh", "-c", "read line; echo got $line; stty size"], Tty = true, Rows = 10, Columns = 20 }, bound.Token);
        var output = ReadAllAsync(exec.Stdout, bound.Token);

        exec.Resize(40, 100);
        await exec.Stdin.WriteAsync("hello\n"u8.ToArray(), bound.Token);
        await exec.Stdin.FlushAsync(bound.Token);

        Assert.Equal(0, await exec.WaitAsync(bound.Token));
        var text = await output;
        Assert.Contains("got hello\r\n40 100\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_WithTty_AsANonRootUser_CanUseItsTerminal()
    {
        await using var h = new RuntimeHarness();
        var config = await h.StartAsync(h.Config("sleep", "60"));

        var (code, output) = await RunAsync(h, config.Id, new ExecConfig { Args = ["sh", "-c", "id -u; tty"], Tty = true, User = "app" });

        Assert.Equal(0, code);
        Assert.Matches(@"^1000\r\n/dev/pts/\d+\r\n$", output);
    }

    private static async Task<(int Code, string Output)> RunAsync(RuntimeHarness h, string id, ExecConfig exec)
    {
        using var bound = new CancellationTokenSource(RuntimeHarness.Bound);
        await using var process = await h.Runtime.StartExecAsync(id, exec, bound.Token);
        process.CloseStdin();
        var output = ReadAllAsync(process.Stdout, bound.Token);
        var code = await process.WaitAsync(bound.Token);
        return (code, await output);
    }

    private static async Task<string> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
