namespace P2P.Tests;

/// <summary>Waits on a condition the system reaches asynchronously (a heartbeat, a debounce), never on a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<CancellationToken, Task<T>> probe, Func<T, bool> done, TimeSpan within, string what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within);
        var last = default(T);
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                last = await probe(timeout.Token);
                if (done(last))
                {
                    return last;
                }
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                break;
            }
            catch (HttpRequestException)
            {
                // The service is between processes (stopping, restarting): ask again.
                await Task.Delay(100, timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        throw new TimeoutException($"Not true within {within.TotalSeconds} s: {what}. Last seen: {last}");
    }
}
