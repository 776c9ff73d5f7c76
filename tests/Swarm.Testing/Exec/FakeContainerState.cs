namespace Swarm.Testing.Exec;

public enum FakeContainerState { Created, Running, Exited }
