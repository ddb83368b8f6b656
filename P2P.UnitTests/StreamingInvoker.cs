using System.Collections.Concurrent;
using Grpc.Core;

namespace P2P.Tests.Unit;

/// <summary>
/// A channel stand-in that answers every duplex call with the reader <paramref name="reader"/> makes for the call's
/// options; other kinds of call are not supported. Keeps the method of the last call and every message sent on it, and
/// throws what <paramref name="writeFails"/> gives for a write (numbered from 1 across calls), as a call ended under a write does.
/// </summary>
public sealed class StreamingInvoker(Func<CallOptions, object> reader, Func<int, Exception?>? writeFails = null) : CallInvoker
{
    private readonly Func<int, Exception?>? _writeFails = writeFails;
    private int _writes;

    public object? Method { get; private set; }

    public ConcurrentQueue<object> Sent { get; } = new();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        Method = method;
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            new RecordingWriter<TRequest>(this), (IAsyncStreamReader<TResponse>)reader(options),
            Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    private sealed class RecordingWriter<T>(StreamingInvoker invoker) : IClientStreamWriter<T>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            if (invoker._writeFails?.Invoke(Interlocked.Increment(ref invoker._writes)) is { } failure)
            {
                return Task.FromException(failure);
            }
            invoker.Sent.Enqueue(message!);
            return Task.CompletedTask;
        }

        public Task CompleteAsync() => Task.CompletedTask;
    }
}
