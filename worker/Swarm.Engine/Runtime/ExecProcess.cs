using System.Diagnostics;

namespace Swarm.Engine.Runtime;

/// <summary>
/// A command running inside a container (`swarm-init exec`): its stdin, stdout and stderr as streams, so callers
/// can relay them live, its terminal size when it runs on a TTY, and its exit. Disposing kills it if it still runs.
/// </summary>
public sealed class ExecProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _specPath;
    private readonly string? _resizePath;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _resize;

    internal ExecProcess(Process process, string specPath, string? resizePath, Microsoft.Win32.SafeHandles.SafeFileHandle? resize)
    {
        _process = process;
        _specPath = specPath;
        _resizePath = resizePath;
        _resize = resize;
    }

    public bool Tty => _resize is not null;

    public Stream Stdin => _process.StandardInput.BaseStream;

    /// <summary>With a TTY, everything the command writes (stdout and stderr share the terminal).</summary>
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

    /// <summary>Sets the terminal's window size (the command gets SIGWINCH); a no-op without a TTY or once it ended.</summary>
    public void Resize(int rows, int columns)
    {
        if (_resize is null || rows <= 0 || columns <= 0 || _process.HasExited)
            return;
        Fifo.TryWriteSize(_resize, rows, columns);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        File.Delete(_specPath);
        _resize?.Dispose();
        if (_resizePath is not null)
            File.Delete(_resizePath);
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
