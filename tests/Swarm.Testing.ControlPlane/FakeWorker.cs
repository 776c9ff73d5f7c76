using Microsoft.Extensions.Logging.Abstractions;
using AgentProcess = Swarm.Agent.Agent;
using Swarm.Agent;
using Swarm.Api.Dispatch;
using Swarm.Testing;
using Swarm.Testing.Exec;
using Swarm.Testing.Security;

namespace Swarm.Testing.ControlPlane;

/// <summary>A worker node in the test process: the real agent over a fake executor, talking gRPC to the managers.</summary>
public sealed class FakeWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly Task running;
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
    private bool stopped;

    public FakeWorker(string nodeId, ThrowawayCa ca, IReadOnlyList<string> managers, TempDirectory directory)
    {
        NodeId = nodeId;
        Executor = new FakeExecutor(nodeId);
        certificate = ca.Issue(nodeId, DispatchProtocol.WorkerRole);
        Agent = new AgentProcess(new AgentOptions
        {
            NodeCertificate = certificate,
            RootCa = ca.Certificate,
            Managers = managers,
            DataDirectory = Directory.CreateDirectory(directory.Sub(nodeId)).FullName,
            AdvertiseAddress = "127.0.0.1",
        }, Executor, TimeProvider.System, NullLoggerFactory.Instance);
        running = Task.Run(() => Agent.RunAsync(stopping.Token));
    }

    public string NodeId { get; }
    public FakeExecutor Executor { get; }
    public AgentProcess Agent { get; }

    /// <summary>Task ids the fake executor runs now.</summary>
    public IReadOnlyList<string> RunningTaskIds => Executor.Running.Select(c => c.TaskId).ToList();

    /// <summary>The agent goes away without a word, like a machine losing power; its containers stay as they were.</summary>
    public async Task StopAsync()
    {
        if (stopped)
            return;
        stopped = true;
        await stopping.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            stopping.Dispose();
            certificate.Dispose();
        }
    }
}
