namespace Swarm.Manager.Dispatching;

/// <summary>One registration of an agent with this leader; <see cref="Ended"/> fires when it is replaced or expires.</summary>
public sealed class AgentSession(string nodeId, string id)
{
    private readonly CancellationTokenSource ended = new();

    public string NodeId { get; } = nodeId;
    public string Id { get; } = id;
    public CancellationToken Ended => ended.Token;

    internal void End()
    {
        try
        {
            ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
