using Microsoft.Extensions.Logging.Abstractions;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Testing;
using Swarm.Testing.Exec;
using Swarm.Testing.Security;

namespace Swarm.Agent.Tests;

/// <summary>A running agent with a fake executor and its own data directory; stops it on dispose.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource stop = new();
    private readonly Task run;

    public AgentHarness(ThrowawayCa ca, string dataDirectory, FakeExecutor executor, params string[] managers)
    {
        Executor = executor;
        Agent = new Agent(
            new AgentOptions
            {
                NodeCertificate = ca.Issue("node-1", DispatchProtocol.WorkerRole),
                RootCa = ca.Certificate,
                Managers = managers,
                DataDirectory = dataDirectory,
                MinBackoff = TimeSpan.FromMilliseconds(20),
                MaxBackoff = TimeSpan.FromMilliseconds(200),
            },
            executor, TimeProvider.System, NullLoggerFactory.Instance);
        run = Task.Run(() => Agent.RunAsync(stop.Token));
    }

    public Agent Agent { get; }
    public FakeExecutor Executor { get; }

    public static SwarmTask NewTask(string image = "busybox", params string[] env) => new()
    {
        Id = Ids.New(),
        ServiceId = "svc",
        ServiceName = "web",
        Slot = 1,
        NodeId = "node-1",
        DesiredState = TaskState.Running,
        Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Image = image, Env = env, StopGracePeriod = TimeSpan.FromSeconds(1) } },
        Status = new SwarmTaskStatus { State = TaskState.Assigned },
    };

    public static Task ReportedAsync(TestDispatcher dispatcher, string taskId, TaskState state)
        => Eventually.TrueAsync(() => dispatcher.LatestStatus(taskId)?.State == state, Timeout, $"task {taskId} reported {state}");

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);
        stop.Dispose();
    }
}
