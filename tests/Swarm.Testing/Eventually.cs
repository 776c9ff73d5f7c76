namespace Swarm.Testing;

/// <summary>Bounded polling for conditions that become true asynchronously.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        using var cts = new CancellationTokenSource(timeout);
        Exception? last = null;
        while (!cts.IsCancellationRequested)
        {
            try
            {
                if (await probe() is { } value)
                    return value;
            }
            catch (Exception e) when (!cts.IsCancellationRequested)
            {
                last = e;
            }
            await Task.Delay(20, CancellationToken.None);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}", last);
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what)
        => GetAsync<object>(() => Task.FromResult(condition() ? new object() : null), timeout, what);

    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
        => GetAsync<object>(async () => await condition() ? new object() : null, timeout, what);
}
