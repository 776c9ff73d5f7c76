using Microsoft.Extensions.Logging;
using Swarm.Api.Objects;
using Swarm.Exec;

namespace Swarm.Agent.Tasks;

/// <summary>
/// The node's set of tasks (SwarmKit's worker): applies assignments, keeps one <see cref="TaskManager"/> per task,
/// holds the secrets, configs and networks the tasks need (in memory only), and resumes tasks persisted by a
/// previous agent from their last observed state.
/// </summary>
internal sealed partial class TaskSupervisor : IAsyncDisposable
{
    private readonly IExecutor executor;
    private readonly TaskStepper stepper;
    private readonly TaskStateStore store;
    private readonly StatusReporter reporter;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly Dictionary<string, TaskManager> managers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> removals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SwarmTask> persisted;
    private TaskDependencies dependencies = TaskDependencies.None;
    private bool disposed;

    public TaskSupervisor(IExecutor executor, TaskStepper stepper, TaskStateStore store, StatusReporter reporter, ILogger logger)
    {
        this.executor = executor;
        this.stepper = stepper;
        this.store = store;
        this.reporter = reporter;
        this.logger = logger;
        persisted = new Dictionary<string, SwarmTask>(store.Load(), StringComparer.Ordinal);
    }

    public IReadOnlyList<SwarmTask> Tasks
    {
        get
        {
            lock (gate)
                return managers.Values.Select(m => m.Task).ToList();
        }
    }

    /// <summary>The task with its observed status and controller, if this node runs it.</summary>
    public (SwarmTask Task, ITaskController? Controller)? Find(string taskId)
    {
        lock (gate)
            return managers.TryGetValue(taskId, out var manager) ? (manager.Task, manager.Controller) : null;
    }

    public void Apply(AssignmentBatch batch)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            // Dependencies first: a task in this batch may need a secret that arrives with it.
            dependencies = batch.Complete
                ? new TaskDependencies
                {
                    Secrets = batch.Secrets.ToDictionary(s => s.Id),
                    Configs = batch.Configs.ToDictionary(c => c.Id),
                    Networks = batch.Networks.ToDictionary(n => n.Id),
                }
                : dependencies with
                {
                    Secrets = Merge(dependencies.Secrets, batch.Secrets, s => s.Id, batch.RemovedSecrets),
                    Configs = Merge(dependencies.Configs, batch.Configs, c => c.Id, batch.RemovedConfigs),
                    Networks = Merge(dependencies.Networks, batch.Networks, n => n.Id, batch.RemovedNetworks),
                };

            foreach (var task in batch.Tasks)
                Assign(task);

            var removed = new HashSet<string>(batch.RemovedTasks, StringComparer.Ordinal);
            if (batch.Complete)
            {
                var assigned = batch.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
                removed.UnionWith(managers.Keys.Where(id => !assigned.Contains(id)));
                // Tasks a previous agent ran that the managers no longer give us: stop and remove them.
                foreach (var stale in persisted.Values.Where(t => !assigned.Contains(t.Id)).ToList())
                {
                    StartManager(stale);
                    removed.Add(stale.Id);
                }
                persisted.Clear();
            }
            foreach (var id in removed)
                Remove(id);
        }
    }

    /// <summary>Waits until every removal started so far has finished (tests and orderly shutdown).</summary>
    public Task RemovalsSettledAsync()
    {
        lock (gate)
            return Task.WhenAll(removals.Values);
    }

    private void Assign(SwarmTask task)
    {
        if (removals.ContainsKey(task.Id))
            return; // being removed; a removed task never comes back
        if (managers.TryGetValue(task.Id, out var manager))
        {
            manager.Update(task);
            return;
        }
        // Resume from whichever observed status is further along: ours on disk, or the managers' copy.
        if (persisted.Remove(task.Id, out var saved) && saved.Status.State > task.Status.State)
            task = task with { Status = saved.Status };
        store.Save(task);
        StartManager(task);
    }

    private void StartManager(SwarmTask task)
    {
        ITaskController? controller = null;
        string? error = null;
        try
        {
            controller = executor.CreateController(task, dependencies.For(task));
        }
        catch (Exception e)
        {
            error = e.Message;
        }
        var manager = new TaskManager(task, controller, error, stepper, Observed, logger);
        managers[task.Id] = manager;
        manager.Start();
    }

    private void Remove(string taskId)
    {
        if (!managers.Remove(taskId, out var manager) || removals.ContainsKey(taskId))
            return;
        Log.Removing(logger, taskId);
        removals[taskId] = Task.Run(async () =>
        {
            try
            {
                await manager.RemoveAsync(CancellationToken.None);
                store.Delete(taskId);
            }
            catch (Exception e)
            {
                Log.RemoveFailed(logger, taskId, e);
            }
            finally
            {
                await manager.DisposeAsync();
                lock (gate)
                    removals.Remove(taskId);
            }
        });
    }

    private void Observed(SwarmTask task)
    {
        store.Save(task);
        reporter.Report(task.Id, task.Status);
    }

    private static Dictionary<string, T> Merge<T>(
        IReadOnlyDictionary<string, T> current, List<T> updated, Func<T, string> id, List<string> removed)
    {
        var merged = new Dictionary<string, T>(current, StringComparer.Ordinal);
        foreach (var item in updated)
            merged[id(item)] = item;
        foreach (var gone in removed)
            merged.Remove(gone);
        return merged;
    }

    /// <summary>Stops stepping every task; containers keep running for the next agent to adopt.</summary>
    public async ValueTask DisposeAsync()
    {
        List<TaskManager> all;
        Task pendingRemovals;
        lock (gate)
        {
            disposed = true;
            all = managers.Values.ToList();
            managers.Clear();
            pendingRemovals = Task.WhenAll(removals.Values);
        }
        foreach (var manager in all)
            await manager.DisposeAsync();
        await pendingRemovals.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
