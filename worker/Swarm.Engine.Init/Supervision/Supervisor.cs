using System.Globalization;
using Swarm.Engine.Init.Native;
using Swarm.Engine.Init.Protocol;

namespace Swarm.Engine.Init.Supervision;

/// <summary>
/// `swarm-init supervise &lt;socket&gt;`: ONE process per node that is the parent of every container's PID 1
/// (what conmon or containerd-shim are per container). Being the parent is what makes exit codes obtainable after
/// the engine restarts, and owning the output pipes keeps logging independent of the engine. A single thread
/// polls everything: engine connections, start reports, output pipes and pidfds. It outlives the engine (live
/// restore) and leaves by itself once it has neither containers nor engines.
///
/// Protocol (text lines): on connect the supervisor says "hello 1 &lt;pid&gt;"; the engine sends
/// "start &lt;tag&gt; &lt;spec path&gt;" and hears "started &lt;tag&gt; &lt;pid&gt;" or "failed &lt;tag&gt; &lt;message&gt;";
/// every connected engine hears "exited &lt;tag&gt; &lt;code&gt;" after the exit file is written (the engine tags a
/// start with the container id). "close-stdin &lt;tag&gt;" lets go of a container's stdin (docker run -i, stdin-once).
/// </summary>
internal sealed unsafe class Supervisor
{
    /// <summary>How long output pipes may stay open after PID 1 is reaped (a process stuck in the kernel).</summary>
    public const long DrainLimitMs = 2_000;

    /// <summary>A supervisor nobody connects to (its engine died while starting it) leaves after this.</summary>
    private const long FirstClientLimitMs = 10_000;

    private readonly SupervisorSocket _socket;
    private readonly List<EngineClient> _clients = [];
    private readonly List<SupervisedContainer> _containers = [];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly long _startedAt = Environment.TickCount64;
    private bool _hadClient;

    private Supervisor(SupervisorSocket socket) => _socket = socket;

    public static int Run(string socketPath)
    {
        Libc.setsid(); // leave the engine's session: a ^C to the engine must not reach containers
        SupervisorSystem.RaiseFileLimit();
        SupervisorSocket? socket;
        try
        {
            socket = SupervisorSocket.Listen(socketPath);
        }
        catch (InitException e)
        {
            Console.Out.WriteLine("error " + e.Message);
            return 1;
        }

        // "busy": another supervisor serves this socket; the engine simply connects to that one.
        Console.Out.WriteLine(socket is null ? "busy" : "ready " + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Console.Out.Flush();
        if (socket is null)
            return 0;
        SupervisorSystem.RedirectOwnOutput(socketPath + ".log");
        Directory.SetCurrentDirectory("/"); // keep no directory of the engine's busy
        using (socket)
            new Supervisor(socket).Loop();
        return 0;
    }

    private void Loop()
    {
        var slots = new List<(int Fd, object Owner, int Kind)>();
        while (!Idle())
        {
            slots.Clear();
            slots.Add((_socket.Fd, _socket, 0));
            foreach (var client in _clients)
                slots.Add((client.Fd, client, 0));
            foreach (var c in _containers)
            {
                if (c.Report >= 0) slots.Add((c.Report, c, 0));
                if (c.Stdout >= 0) slots.Add((c.Stdout, c, 1));
                if (c.Stderr >= 0) slots.Add((c.Stderr, c, 2));
                if (c.PidFd >= 0) slots.Add((c.PidFd, c, 3));
            }

            var fds = new Libc.PollFd[slots.Count];
            for (var i = 0; i < slots.Count; i++)
                fds[i] = new Libc.PollFd { Fd = slots[i].Fd, Events = Libc.POLLIN };
            int ready;
            fixed (Libc.PollFd* p = fds)
                ready = Libc.poll(p, (nuint)fds.Length, Timeout());
            if (ready < 0 && Libc.Errno != Libc.EINTR)
                throw new InitException("poll: " + Sys.Describe(Libc.Errno));

            for (var i = 0; i < slots.Count && ready > 0; i++)
            {
                if (fds[i].Revents == 0)
                    continue;
                try
                {
                    switch (slots[i].Owner)
                    {
                        case SupervisorSocket:
                            Accept();
                            break;
                        case EngineClient client:
                            Serve(client);
                            break;
                        case SupervisedContainer container:
                            Handle(container, slots[i].Kind);
                            break;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InitException)
                {
                    // One container's trouble (a full disk under its log) must not end the others' parent.
                    Console.Error.WriteLine(e.Message);
                }
            }

            FinishContainers();
        }
    }

    private bool Idle()
    {
        if (_containers.Count > 0 || _clients.Count > 0)
            return false;
        return _hadClient || Environment.TickCount64 - _startedAt > FirstClientLimitMs;
    }

    private int Timeout()
    {
        var now = Environment.TickCount64;
        var deadlines = _containers.Where(c => c.ExitCode is not null).Select(c => c.ReapedAt + DrainLimitMs).ToList();
        if (!_hadClient)
            deadlines.Add(_startedAt + FirstClientLimitMs);
        return deadlines.Count == 0 ? -1 : (int)Math.Clamp(deadlines.Min() - now + 1, 0, int.MaxValue);
    }

    private void Accept()
    {
        var fd = _socket.Accept();
        if (fd < 0)
            return;
        var client = new EngineClient(fd);
        _clients.Add(client);
        _hadClient = true;
        client.Send("hello 1 " + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }

    private void Serve(EngineClient client)
    {
        var lines = client.Receive(_buffer);
        foreach (var line in lines ?? [])
        {
            var parts = line.Split(' ', 3);
            if (parts is ["start", var tag, var specPath])
                Start(client, tag, specPath);
            else if (parts is ["close-stdin", var stdinTag])
                _containers.FirstOrDefault(c => c.Tag == stdinTag)?.CloseStdin();
            else
                client.Send("error unknown request " + parts[0]);
        }

        if (client.Closed)
            Drop(client);
    }

    private void Start(EngineClient client, string tag, string specPath)
    {
        ForkedInit init = default;
        var stdinHolder = -1;
        try
        {
            var spec = InitSpecCodec.Decode(File.ReadAllBytes(specPath));
            stdinHolder = spec.StdinPath.Length > 0 ? SupervisorSystem.HoldStdin(spec.StdinPath) : -1;
            var log = new JsonLogWriter(spec.LogPath, spec.LogMaxSize, spec.LogMaxFiles);
            try
            {
                init = InitForker.Fork(spec);
            }
            catch
            {
                log.Dispose();
                throw;
            }

            var pidFd = (int)Libc.syscall(Libc.SYS_pidfd_open, init.Pid, 0, 0, 0);
            Sys.Check(pidFd, "pidfd_open");
            _containers.Add(new SupervisedContainer(init, pidFd, log, spec.StateDir, client, tag, stdinHolder));
            stdinHolder = -1; // the container owns it now
        }
        catch (Exception e) when (e is InitException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            if (init.Pid > 0)
            {
                // The child exists but cannot be watched: end it rather than leave an unsupervised container.
                Libc.kill(init.Pid, Libc.SIGKILL);
                SupervisorSystem.Wait(init.Pid, 0);
                Libc.close(init.Stdout);
                Libc.close(init.Stderr);
                Libc.close(init.Report);
            }

            client.Send($"failed {tag} {e.Message.ReplaceLineEndings(" ")}");
        }
        finally
        {
            if (stdinHolder >= 0)
                Libc.close(stdinHolder);
        }
    }

    private void Handle(SupervisedContainer container, int kind)
    {
        switch (kind)
        {
            case 0:
                var n = Read(container.Report);
                if (n > 0)
                    container.AppendFailure(_buffer.AsSpan(0, n));
                else
                    container.ReportClosed();
                break;
            case 1 or 2:
                var fd = kind == 1 ? container.Stdout : container.Stderr;
                var stream = kind == 1 ? "stdout" : "stderr";
                var read = Read(fd);
                if (read > 0)
                {
                    container.Log.Append(stream, _buffer.AsSpan(0, read));
                    break;
                }

                container.Log.Flush(stream);
                Libc.close(fd);
                if (kind == 1)
                    container.Stdout = -1;
                else
                    container.Stderr = -1;
                break;
            default:
                if (SupervisorSystem.Wait(container.Pid, Libc.WNOHANG) is { } code)
                    container.Reaped(code);
                break;
        }
    }

    private void FinishContainers()
    {
        foreach (var container in _containers.Where(c => c.Finished).ToList())
        {
            _containers.Remove(container);
            if (container.Report >= 0)
                container.ReportClosed();
            container.Dispose();
            if (container.Failed)
                continue;
            SupervisorSystem.WriteExitFile(container.StateDir, container.ExitCode!.Value);
            foreach (var client in _clients)
                client.Send($"exited {container.Tag} {container.ExitCode}");
            _clients.RemoveAll(c => c.Closed);
        }
    }

    private void Drop(EngineClient client)
    {
        _clients.Remove(client);
        foreach (var orphan in _containers.Where(c => c.Orphaned(client)))
            Libc.kill(orphan.Pid, Libc.SIGKILL); // its engine never learnt it started: nobody would manage it
    }

    /// <summary>Reads what is available into the shared buffer; 0 means EOF or a dead descriptor.</summary>
    private int Read(int fd)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = _buffer)
                n = Libc.read(fd, p, _buffer.Length);
            if (n < 0 && Libc.Errno == Libc.EINTR)
                continue;
            return (int)Math.Max(0, n);
        }
    }
}
