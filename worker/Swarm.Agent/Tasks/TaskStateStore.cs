using MessagePack;
using MessagePack.Resolvers;
using Swarm.Api.Objects;

namespace Swarm.Agent.Tasks;

/// <summary>
/// The agent's tasks on disk (one file per task under &lt;data&gt;/tasks), each with the last observed status, so a
/// restarted agent resumes a task where it was (Running stays Running) instead of starting it again. Tasks carry
/// only references to secrets and configs, never their data.
/// </summary>
internal sealed class TaskStateStore
{
    private static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(StandardResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    private readonly string directory;
    private readonly Lock gate = new();

    public TaskStateStore(string dataDirectory)
    {
        directory = Path.Combine(dataDirectory, "tasks");
        Directory.CreateDirectory(directory);
    }

    /// <summary>Every task saved before, by id; unreadable files (a torn write) are skipped.</summary>
    public IReadOnlyDictionary<string, SwarmTask> Load()
    {
        var tasks = new Dictionary<string, SwarmTask>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.task"))
        {
            try
            {
                var task = MessagePackSerializer.Deserialize<SwarmTask>(File.ReadAllBytes(file), Options);
                tasks[task.Id] = task;
            }
            catch (Exception e) when (e is IOException or MessagePackSerializationException)
            {
                // Written with a rename, so a bad file is damage, not a half-finished save: forget that task.
            }
        }
        return tasks;
    }

    public void Save(SwarmTask task)
    {
        var path = PathOf(task.Id);
        var temporary = path + ".tmp";
        var bytes = MessagePackSerializer.Serialize(task, Options);
        lock (gate)
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                // On disk before the rename, so a crash leaves the old state or the new one, never a torn file.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
    }

    public void Delete(string taskId)
    {
        lock (gate)
            File.Delete(PathOf(taskId));
    }

    private string PathOf(string taskId)
    {
        // Task ids are base-36; refuse anything that could step outside the directory.
        if (taskId.Length == 0 || !taskId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"bad task id '{taskId}'", nameof(taskId));
        return Path.Combine(directory, taskId + ".task");
    }
}
