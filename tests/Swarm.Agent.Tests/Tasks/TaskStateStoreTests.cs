using Swarm.Agent.Tasks;
using Swarm.Api.Objects;
using Swarm.Testing;

namespace Swarm.Agent.Tests.Tasks;

public sealed class TaskStateStoreTests : IDisposable
{
    private readonly TempDirectory data = new("swarm-agent-store-");

    public void Dispose() => data.Dispose();

    [Fact]
    public void SaveThenLoad_NewStore_ReturnsLatestOfEachTask()
    {
        var store = new TaskStateStore(data.Path);
        var task = new SwarmTask { Id = Ids.New(), Status = new SwarmTaskStatus { State = TaskState.Starting } };
        store.Save(task);
        store.Save(task with { Status = new SwarmTaskStatus { State = TaskState.Running, ContainerStatus = new ContainerStatus { ContainerId = "c1" } } });

        var loaded = new TaskStateStore(data.Path).Load();

        var only = Assert.Single(loaded.Values);
        Assert.Equal(TaskState.Running, only.Status.State);
        Assert.Equal("c1", only.Status.ContainerStatus?.ContainerId);
    }

    [Fact]
    public void Delete_SavedTask_IsGoneAfterReload()
    {
        var store = new TaskStateStore(data.Path);
        var task = new SwarmTask { Id = Ids.New() };
        store.Save(task);

        store.Delete(task.Id);

        Assert.Empty(new TaskStateStore(data.Path).Load());
    }

    [Fact]
    public void Load_DamagedFile_SkipsIt()
    {
        var store = new TaskStateStore(data.Path);
        store.Save(new SwarmTask { Id = "good" });
        File.WriteAllBytes(Path.Combine(data.Path, "tasks", "bad.task"), [0xc1, 0x00, 0xff]);

        var loaded = store.Load();

        Assert.Equal(["good"], loaded.Keys);
    }

    [Fact]
    public void Save_IdWithPathSeparators_Refused()
    {
        var store = new TaskStateStore(data.Path);

        Assert.Throws<ArgumentException>(() => store.Save(new SwarmTask { Id = "../escape" }));
    }
}
