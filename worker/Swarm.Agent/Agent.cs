using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Swarm.Agent.Sessions;
using Swarm.Agent.Tasks;
using Swarm.Api.Dispatch;
using Swarm.Api.Objects;
using Swarm.Exec;

namespace Swarm.Agent;

/// <summary>
/// The worker agent: keeps a session with a manager's dispatcher (failing over to another manager, or straight to
/// the leader a follower names, with bounded backoff), runs the tasks it is assigned through <see cref="IExecutor"/>,
/// and reports what it observes. Task state is kept in the data directory, so an agent restarted with the same
/// directory and executor re-adopts running tasks instead of starting them again. Stopping the agent leaves the
/// containers running.
/// </summary>
public sealed partial class Agent : BackgroundService
{
    private readonly AgentOptions options;
    private readonly IExecutor executor;
    private readonly TimeProvider time;
    private readonly ILogger<Agent> logger;
    private readonly ManagerAddressBook book;
    private readonly DispatcherChannelFactory channels;
    private readonly StatusReporter reporter;
    private TaskSupervisor? supervisor;
    private volatile string? nodeId;
    private volatile string? manager;
    private int failedSessions;

    public Agent(AgentOptions options, IExecutor executor, TimeProvider time, ILoggerFactory loggerFactory)
    {
        this.options = options;
        this.executor = executor;
        this.time = time;
        logger = loggerFactory.CreateLogger<Agent>();
        book = new ManagerAddressBook(options.Managers);
        channels = new DispatcherChannelFactory(options.CurrentCertificate ?? (() => options.NodeCertificate), options.RootCa);
        reporter = new StatusReporter(time, options.StatusBatchDelay, options.MaxStatusBatch);
    }

    /// <summary>
    /// The node's role as the managers report it, on every registration and heartbeat: the daemon turns a change into
    /// a promotion or demotion of this node.
    /// </summary>
    public event Action<NodeRole>? RoleReported;

    /// <summary>The node id the managers know this node by, once a session registered.</summary>
    public string? NodeId => nodeId;

    /// <summary>host:port of the manager of the live session; null between sessions.</summary>
    public string? Manager => manager;

    /// <summary>Every manager address the agent knows (seeds and those the cluster reported).</summary>
    public IReadOnlyList<string> KnownManagers => book.Addresses;

    /// <summary>The tasks on this node with their observed status.</summary>
    public IReadOnlyList<SwarmTask> Tasks => supervisor?.Tasks ?? [];

    /// <summary>Sessions that ended in an error (refused connection or handshake, broken stream, ...).</summary>
    public int FailedSessionCount => Volatile.Read(ref failedSessions);

    /// <summary>Observed statuses not yet acknowledged by a manager.</summary>
    public int PendingStatusCount => reporter.PendingCount;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var tasks = new TaskSupervisor(
            executor, new TaskStepper(time), new TaskStateStore(options.DataDirectory), reporter, logger);
        supervisor = tasks;
        var description = await executor.DescribeAsync(cancellationToken);
        var backoff = options.MinBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            var address = book.Next();
            var delay = backoff;
            try
            {
                using var channel = channels.Create(address);
                var session = AgentSession.Over(channel, description, options.AdvertiseAddress, tasks, reporter, book, time, logger);
                session.RoleReported += role => RoleReported?.Invoke(role);
                session.Registered += live =>
                {
                    nodeId = live.NodeId;
                    manager = address;
                    backoff = options.MinBackoff;
                    Log.SessionStarted(logger, address, live.NodeId ?? "", live.HeartbeatPeriod);
                };
                await session.RunAsync(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                break; // gRPC reports our own cancellation as RpcException(Cancelled), not only as OperationCanceled
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable
                && e.Trailers.GetValue(DispatchProtocol.LeaderAddressTrailer) is { Length: > 0 } leader)
            {
                Log.RedirectedToLeader(logger, address, leader);
                book.LeaderIs(leader);
                delay = options.MinBackoff;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // The manager forgot the session (it restarted, or we were too slow): register again there.
                Log.SessionLost(logger, address, e.Status.Detail);
                backoff = Min(backoff * 2, options.MaxBackoff);
            }
            catch (Exception e)
            {
                Log.SessionFailed(logger, address, e.Message);
                Interlocked.Increment(ref failedSessions);
                book.Failed(address);
                backoff = Min(backoff * 2, options.MaxBackoff);
            }
            finally
            {
                manager = null;
            }
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        supervisor = null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
