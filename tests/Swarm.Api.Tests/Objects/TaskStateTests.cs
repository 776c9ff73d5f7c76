using Swarm.Api.Objects;

namespace Swarm.Api.Tests.Objects;

public class TaskStateTests
{
    [Fact]
    public void Values_MatchSwarmKit()
    {
        int[] expected = [0, 64, 192, 256, 320, 384, 448, 512, 576, 640, 704, 768, 800, 832];

        Assert.Equal(expected, Enum.GetValues<TaskState>().Select(s => (int)s));
    }

    [Theory]
    [InlineData(TaskState.Running, TaskState.Complete, true)]
    [InlineData(TaskState.Running, TaskState.Running, true)]
    [InlineData(TaskState.Running, TaskState.Starting, false)]
    [InlineData(TaskState.Failed, TaskState.Pending, false)]
    public void CanMoveTo_OnlyForward(TaskState from, TaskState to, bool allowed)
        => Assert.Equal(allowed, from.CanMoveTo(to));

    [Fact]
    public void IsTerminal_AfterRunning()
    {
        Assert.False(TaskState.Running.IsTerminal());
        Assert.True(TaskState.Complete.IsTerminal());
        Assert.True(TaskState.Rejected.IsTerminal());
    }
}
