using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;

namespace P2P.Tests.Unit;

/// <summary>
/// Hands a test each message a long-running server-streaming method writes, as it is written (serialised and parsed
/// again, as a real server does), so the test can wait for the next one.
/// </summary>
public sealed class ChannelServerStreamWriter<T> : IServerStreamWriter<T>
    where T : IMessage<T>, new()
{
    private readonly Channel<T> _written = Channel.CreateUnbounded<T>();

    public WriteOptions? WriteOptions { get; set; }

    public ChannelReader<T> Written => _written.Reader;

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var copy = new T();
        copy.MergeFrom(message.ToByteArray());
        _written.Writer.TryWrite(copy);
        return Task.CompletedTask;
    }

    /// <summary>The next message written, within ten seconds.</summary>
    public async Task<T> NextAsync() => await _written.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
