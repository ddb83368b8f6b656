using Google.Protobuf;
using Grpc.Core;

namespace P2P.Tests.Unit;

/// <summary>
/// Collects the messages a server-streaming method writes. Each is serialised and parsed again on write, as a real
/// server does before WriteAsync completes, so a service that reuses its buffers is tested as it runs.
/// </summary>
public sealed class TestServerStreamWriter<T> : IServerStreamWriter<T>
    where T : IMessage<T>, new()
{
    private readonly List<T> _written = [];

    public IReadOnlyList<T> Written => _written;

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var copy = new T();
        copy.MergeFrom(message.ToByteArray());
        _written.Add(copy);
        return Task.CompletedTask;
    }
}
