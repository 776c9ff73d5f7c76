using System.Diagnostics;
using Swarm.Engine.Init.Protocol;

namespace Swarm.Engine.Runtime;

public sealed partial class ContainerRuntime
{
    /// <summary>
    /// Runs a command inside a running container (its namespaces, cgroups, user and capabilities) via
    /// `swarm-init exec`, and returns its exit code and output. Cancelling kills it.
    /// </summary>
    public async Task<ExecResult> ExecAsync(string id, ExecConfig exec, CancellationToken cancellationToken)
    {
        var entry = Get(id);
        var state = entry.State;
        if (state.Status != ContainerStatus.Running)
            throw new ContainerStateConflictException($"container {id} is not running");
        if (exec.Args.Count == 0)
            throw new Swarm.Api.Errors.InvalidSpecException("no command specified");

        var spec = InitSpecBuilder.ForExec(entry.Config, state, exec, Cgroups.Paths(id));
        var specPath = entry.Dir.Combine($"exec-{Guid.NewGuid():N}.spec");
        await File.WriteAllBytesAsync(specPath, InitSpecCodec.Encode(spec), cancellationToken);
        try
        {
            var info = new ProcessStartInfo(Options.InitPath)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(specPath);
            using var process = Process.Start(info) ?? throw new ContainerStartException("could not start swarm-init exec");
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new ExecResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            File.Delete(specPath);
        }
    }
}
