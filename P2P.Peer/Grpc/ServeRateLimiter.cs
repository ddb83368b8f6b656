using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using P2P.Contracts.Transfer.V1;

namespace P2P.Peer.Grpc;

/// <summary>
/// Caps the bytes per second this peer serves to downloaders (<c>serve_bytes_per_second</c>), across all calls at once,
/// so that a peer on a shared link does not take all of it. Each chunk message waits for its slot on one shared timeline
/// before it is written. Does nothing when the setting is 0, the default.
/// </summary>
public sealed class ServeRateLimiter(IOptions<PeerOptions> options, TimeProvider time) : Interceptor
{
    /// <summary>
    /// How far the timeline may fall behind the clock. A message's write can take longer than its slot (flow control, a
    /// busy CPU, a timer firing late), and the next message then asks for a slot that has already passed: without this
    /// the time lost is lost for good, and a capped peer serves well under its cap (bench/results.md). Up to this much
    /// lost time is made up, which also lets this much of the rate go at once after an idle spell.
    /// </summary>
    public static readonly TimeSpan CatchUp = TimeSpan.FromMilliseconds(20);

    private readonly long _bytesPerSecond = options.Value.ServeBytesPerSecond;
    private readonly long _catchUp = (long)(CatchUp.TotalSeconds * time.TimestampFrequency);
    private readonly Lock _lock = new();
    private long _nextFree;

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(request, Paced(responseStream), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(requestStream, Paced(responseStream), context);

    private IServerStreamWriter<TResponse> Paced<TResponse>(IServerStreamWriter<TResponse> responseStream) =>
        _bytesPerSecond > 0 && responseStream is IServerStreamWriter<FileChunk> messages
            ? (IServerStreamWriter<TResponse>)(object)new PacedWriter(messages, this)
            : responseStream;

    /// <summary>Reserves the time <paramref name="bytes"/> take at the capped rate, and waits until that slot begins.</summary>
    private Task WaitForSlotAsync(int bytes, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        long start;
        lock (_lock)
        {
            start = Math.Max(now - _catchUp, _nextFree);
            _nextFree = start + (long)((double)bytes * time.TimestampFrequency / _bytesPerSecond);
        }
        return start > now ? Task.Delay(time.GetElapsedTime(now, start), time, cancellationToken) : Task.CompletedTask;
    }

    private sealed class PacedWriter(IServerStreamWriter<FileChunk> inner, ServeRateLimiter limiter) : IServerStreamWriter<FileChunk>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(FileChunk message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(FileChunk message, CancellationToken cancellationToken)
        {
            await limiter.WaitForSlotAsync(message.Data.Length, cancellationToken);
            await inner.WriteAsync(message, cancellationToken);
        }
    }
}
