using System.Diagnostics;

namespace Swarm.Manager.Tests.ControlApi;

/// <summary>Runs a real docker client against a socket, with its own config dir, bounded in time.</summary>
internal sealed class DockerCli(string executable, string socketPath, string configDir)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public string Executable => executable;

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(string arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo(executable, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["DOCKER_HOST"] = "unix://" + socketPath;
        start.Environment["DOCKER_CONFIG"] = configDir;
        start.Environment["DOCKER_CLI_HINTS"] = "false";
        start.Environment.Remove("DOCKER_CONTEXT");
        start.Environment.Remove("DOCKER_API_VERSION");
        using var process = Process.Start(start)!;
        try
        {
            if (stdin is not null)
                await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(
                    $"docker {arguments} did not finish in {Timeout.TotalSeconds} s\nstdout: {await output}\nstderr: {await error}");
            }
            return (process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Runs and requires success, returning standard output.</summary>
    public async Task<string> OkAsync(string arguments, string? stdin = null)
    {
        var (code, output, error) = await RunAsync(arguments, stdin);
        Assert.True(code == 0, $"{executable} {arguments} exited {code}\nstdout: {output}\nstderr: {error}");
        return output;
    }
}
