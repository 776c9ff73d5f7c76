using System.Diagnostics;

namespace Swarm.Engine.Runtime;

/// <summary>
/// A command running inside a container (`swarm-init exec`): its stdin, stdout and stderr as streams, so callers
/// can relay them live, and its exit. Disposing kills it if it still runs.
/// </summary>
public sealed class ExecProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _specPath;

    internal ExecProcess(Process process, string specPath)
    {
        _process = process;
        _specPath = specPath;
    }

    public Stream Stdin => _process.StandardInput.BaseStream;

    public Stream Stdout => _process.StandardOutput.BaseStream;

    public Stream Stderr => _process.StandardError.BaseStream;

    /// <summary>The command's exit code (126 when it could not be started in the container). Cancelling kills it.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        return _process.ExitCode;
    }

    /// <summary>Ends the command's input (a closed stdin is how `sh`, `cat` and friends know to finish).</summary>
    public void CloseStdin()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // it already exited
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        File.Delete(_specPath);
        return ValueTask.CompletedTask;
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }
    }
}
