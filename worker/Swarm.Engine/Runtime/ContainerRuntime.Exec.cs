using System.Diagnostics;
using Swarm.Engine.Init.Protocol;

namespace Swarm.Engine.Runtime;

public sealed partial class ContainerRuntime
{
    /// <summary>
    /// Starts a command inside a running container (its namespaces, cgroups, user and capabilities) via
    /// `swarm-init exec`; the caller relays its streams and waits for it.
    /// </summary>
    public async Task<ExecProcess> StartExecAsync(string id, ExecConfig exec, CancellationToken cancellationToken)
    {
        var entry = Get(id);
        var state = entry.State;
        if (state.Status != ContainerStatus.Running)
            throw new ContainerStateConflictException($"container {id} is not running");
        if (exec.Args.Count == 0)
            throw new Swarm.Api.Errors.InvalidSpecException("no command specified");

        var name = $"exec-{Guid.NewGuid():N}";
        var resizePath = entry.Dir.Combine(name + ".resize");
        var spec = InitSpecBuilder.ForExec(entry.Config, state, exec, Cgroups.Paths(id), resizePath);
        var specPath = entry.Dir.Combine(name + ".spec");
        await File.WriteAllBytesAsync(specPath, InitSpecCodec.Encode(spec), cancellationToken);
        Microsoft.Win32.SafeHandles.SafeFileHandle? resize = null;
        if (exec.Tty)
        {
            Fifo.Create(resizePath);
            resize = Fifo.OpenHeld(resizePath); // a resize sent before swarm-init opened its end is kept, not lost
        }
        var info = new ProcessStartInfo(Options.InitPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(specPath);
        try
        {
            return new ExecProcess(Process.Start(info) ?? throw new ContainerStartException("could not start swarm-init exec"), specPath, exec.Tty ? resizePath : null, resize);
        }
        catch
        {
            resize?.Dispose();
            File.Delete(specPath);
            File.Delete(resizePath);
            throw;
        }
    }

    /// <summary>Runs a command inside a running container with no input and returns its exit code and output.</summary>
    public async Task<ExecResult> ExecAsync(string id, ExecConfig exec, CancellationToken cancellationToken)
    {
        await using var process = await StartExecAsync(id, exec, cancellationToken);
        process.CloseStdin();
        using var stdout = new StreamReader(process.Stdout);
        using var stderr = new StreamReader(process.Stderr);
        var output = stdout.ReadToEndAsync(CancellationToken.None);
        var errors = stderr.ReadToEndAsync(CancellationToken.None);
        var code = await process.WaitAsync(cancellationToken);
        return new ExecResult(code, await output, await errors);
    }
}
