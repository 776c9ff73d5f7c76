using Swarm.Store;

namespace Swarm.Testing.Leadership;

/// <summary>Leadership a test hands out and takes back: <see cref="Elect"/> starts a term, <see cref="Depose"/> ends it.</summary>
public sealed class FakeLeadership : ILeadership
{
    private readonly Lock gate = new();
    private CancellationTokenSource? term;
    private TaskCompletionSource<CancellationToken> elected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsLeader
    {
        get
        {
            lock (gate)
                return term is not null;
        }
    }

    public string? LeaderAddress => IsLeader ? "127.0.0.1:2378" : null;

    /// <summary>Terms started so far.</summary>
    public int Terms { get; private set; }

    public void Elect()
    {
        lock (gate)
        {
            if (term is not null)
                return;
            term = new CancellationTokenSource();
            Terms++;
            elected.TrySetResult(term.Token);
        }
    }

    public void Depose()
    {
        lock (gate)
        {
            if (term is null)
                return;
            term.Cancel();
            term.Dispose();
            term = null;
            elected = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async ValueTask<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        Task<CancellationToken> next;
        lock (gate)
            next = elected.Task;
        return await next.WaitAsync(cancellationToken);
    }
}
