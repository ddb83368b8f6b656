using System.Threading.Channels;
using Grpc.Core;

namespace P2P.Tests.Unit;

/// <summary>A caller's request stream the test writes to as the call runs: each message when the test says, the end when it completes.</summary>
public sealed class ChannelStreamReader<T> : IAsyncStreamReader<T>
    where T : class
{
    private readonly Channel<T> _messages = Channel.CreateUnbounded<T>();

    public T Current { get; private set; } = null!;

    public ChannelWriter<T> Send => _messages.Writer;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await _messages.Reader.WaitToReadAsync(cancellationToken) || !_messages.Reader.TryRead(out var message))
        {
            return false;
        }
        Current = message;
        return true;
    }
}
