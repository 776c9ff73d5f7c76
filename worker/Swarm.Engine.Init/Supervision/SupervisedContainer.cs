using System.Text;
using Swarm.Engine.Init.Native;

namespace Swarm.Engine.Init.Supervision;

/// <summary>
/// One container's PID 1 as the supervisor sees it: the pipes it reads, the pidfd that says it exited, and who
/// waits for its start report. It is finished once PID 1 is reaped and its output pipes are drained (every
/// process of the PID namespace dies with PID 1, so the pipes close promptly).
/// </summary>
internal sealed class SupervisedContainer(ForkedInit init, int pidFd, JsonLogWriter log, string stateDir, EngineClient starter, string tag, int stdinHolder)
    : IDisposable
{
    /// <summary>Our write end of the stdin FIFO (-1 without stdin): while we hold it, PID 1 never reads EOF.</summary>
    private int _stdinHolder = stdinHolder;

    private readonly StringBuilder _failure = new();

    public int Pid { get; } = init.Pid;

    public string StateDir { get; } = stateDir;

    public JsonLogWriter Log { get; } = log;

    public int Stdout { get; set; } = init.Stdout;

    public int Stderr { get; set; } = init.Stderr;

    public int Report { get; private set; } = init.Report;

    public int PidFd { get; private set; } = pidFd;

    /// <summary>The engine connection waiting for "started"/"failed"; null once answered.</summary>
    public EngineClient? Starter { get; private set; } = starter;

    public string Tag { get; } = tag;

    /// <summary>Set-up failed: PID 1 is reaped quietly (the engine already heard "failed").</summary>
    public bool Failed { get; private set; }

    public int? ExitCode { get; private set; }

    /// <summary>When PID 1 was reaped; output still open this long after it is abandoned.</summary>
    public long ReapedAt { get; private set; }

    public bool Finished => ExitCode is not null && Report < 0 && ((Stdout < 0 && Stderr < 0) || Environment.TickCount64 - ReapedAt > Supervisor.DrainLimitMs);

    public void AppendFailure(ReadOnlySpan<byte> message) => _failure.Append(Encoding.UTF8.GetString(message));

    /// <summary>The report pipe reached EOF: set-up either failed (a message) or the entrypoint was exec'd.</summary>
    public void ReportClosed()
    {
        Libc.close(Report);
        Report = -1;
        var starter = Starter;
        Starter = null;
        if (_failure.Length > 0)
        {
            Failed = true;
            starter?.Send($"failed {Tag} {_failure.ToString().ReplaceLineEndings(" ")}");
        }
        else
        {
            starter?.Send($"started {Tag} {Pid}");
        }
    }

    /// <summary>The engine that asked for this start went away before hearing the outcome: nobody knows this container.</summary>
    public bool Orphaned(EngineClient gone) => ReferenceEquals(Starter, gone);

    /// <summary>docker run -i: the client's input ended (stdin-once): once the engine's writer closes too, PID 1 reads EOF.</summary>
    public void CloseStdin()
    {
        if (_stdinHolder >= 0)
            Libc.close(_stdinHolder);
        _stdinHolder = -1;
    }

    public void Reaped(int exitCode)
    {
        ExitCode = exitCode;
        ReapedAt = Environment.TickCount64;
        Libc.close(PidFd);
        PidFd = -1;
    }

    public void Dispose()
    {
        foreach (var fd in new[] { Stdout, Stderr, Report, PidFd })
        {
            if (fd >= 0)
                Libc.close(fd);
        }

        Stdout = Stderr = Report = PidFd = -1;
        CloseStdin();
        Log.Dispose();
    }
}
