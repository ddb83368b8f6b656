using Grpc.Core;

namespace P2P.Peer.Grpc;

/// <summary>
/// A caller's request stream that must deliver each next message within an idle limit (<c>fetch_idle_seconds</c>):
/// a caller that opens a call and goes quiet would otherwise hold a transfer slot, a file handle and an HTTP/2 stream
/// for ever. Only the wait for a message is timed, so a call is never cut off while the peer itself is sending.
/// </summary>
public sealed class IdleLimitedReader<T> : IAsyncStreamReader<T>, IDisposable
    where T : class
{
    private readonly IAsyncStreamReader<T> _inner;
    private readonly TimeSpan _limit;
    private readonly CancellationTokenSource _idle;

    public IdleLimitedReader(IAsyncStreamReader<T> inner, TimeSpan limit, TimeProvider time)
    {
        _inner = inner;
        _limit = limit;
        // One timer for the whole call, re-armed for each message.
        _idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }

    public T Current => _inner.Current;

    /// <exception cref="RpcException">DeadlineExceeded when no message arrives within the limit.</exception>
    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idle.Token);
        _idle.CancelAfter(_limit);
        try
        {
            return await _inner.MoveNext(linked.Token);
        }
        catch (OperationCanceledException) when (_idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.DeadlineExceeded(
                $"No message from the caller for {_limit.TotalSeconds:0} s (fetch_idle_seconds); the call is ended to free its transfer slot.");
        }
        finally
        {
            _idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _idle.Dispose();
}
