using Grpc.Core;

namespace P2P.Tests.Unit;

/// <summary>Feeds a client-streaming method the given messages, in order, then ends the stream.</summary>
public sealed class TestAsyncStreamReader<T>(IEnumerable<T> messages) : IAsyncStreamReader<T>
    where T : class
{
    private readonly IEnumerator<T> _messages = messages.GetEnumerator();

    public int Read { get; private set; }

    public T Current => Read > 0 ? _messages.Current : throw new InvalidOperationException("MoveNext has not been called.");

    public Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var moved = _messages.MoveNext();
        Read += moved ? 1 : 0;
        return Task.FromResult(moved);
    }
}
