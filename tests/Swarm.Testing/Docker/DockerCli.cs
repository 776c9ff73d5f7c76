using System.Diagnostics;
using Xunit;

namespace Swarm.Testing.Docker;

/// <summary>The real docker CLI (28.x) pointed at our socket, with a private config dir. Every run is bounded.</summary>
public sealed class DockerCli(string dockerHost, string configDir)
{
    public const string Binary = "docker";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static bool Available => Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(d => File.Exists(Path.Combine(d, Binary)));

    public Task<DockerResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Starts docker with its streams redirected, for interactive use; the caller kills and disposes it.</summary>
    public Process Start(params string[] args)
    {
        var start = Info(args);
        return Process.Start(start)!;
    }

    private ProcessStartInfo Info(string[] args)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["DOCKER_HOST"] = dockerHost;
        start.Environment["DOCKER_CONFIG"] = configDir;
        start.Environment["DOCKER_CLI_HINTS"] = "false";
        return start;
    }

    /// <summary>Runs docker; <paramref name="stdin"/> (a file) is piped in when given.</summary>
    public async Task<DockerResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var process = Process.Start(Info(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await using var input = File.OpenRead(stdin);
            await input.CopyToAsync(process.StandardInput.BaseStream);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"docker {string.Join(' ', args)} did not finish in {Bound.TotalSeconds} s; stderr: {await stderr}");
        }
        return new DockerResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs docker and fails the test with its stderr unless it exits 0; returns stdout.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        return result.Stdout;
    }
}

public sealed record DockerResult(int ExitCode, string Stdout, string Stderr);
