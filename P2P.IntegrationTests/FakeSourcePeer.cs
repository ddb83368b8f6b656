using P2P.Contracts.Security;
using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;
using P2P.Peer.Grpc;

namespace P2P.Tests.Integration;

/// <summary>
/// A source that misbehaves on purpose, hosted in the test process: it serves the true manifest of one file, then
/// corrupts chunks, fails or holds requests as the test sets it up. Peers reach it at <see cref="Url"/> (plaintext HTTP/2).
/// </summary>
public sealed class FakeSourcePeer(string fileName, byte[] content) : IAsyncDisposable
{
    private readonly byte[] _content = content;
    private LoopbackServer? _server;
    private int _chunksBegun;
    private int _served;

    /// <summary>True for the chunks to send with one byte flipped, whatever range a call asks for. Default: none.</summary>
    public Func<int, bool> Corrupts { get; init; } = _ => false;

    /// <summary>After the last byte of a corrupt chunk, holds the call until the caller gives up on it (<see cref="CorruptCallAbandoned"/>).</summary>
    public bool HoldAfterCorrupt { get; init; }

    /// <summary>The size of the messages the data is sent in; need not divide a chunk. Default: what a peer sends.</summary>
    public int MessageBytes { get; init; } = FileTransferService.MaxMessageBytes;

    /// <summary>A pause before every message, to make the source slower than one it races against. Default: none.</summary>
    public TimeSpan MessagePause { get; init; }

    /// <summary>Chunks sent before every later one fails its call with Unavailable (counted as <see cref="HoldAfter"/> is). Default: never.</summary>
    public int? FailAfter { get; init; }

    /// <summary>
    /// Chunks sent before every later one is held until the caller gives up, whatever chunks each request asks for
    /// (counted where a message starts a chunk, as every message does unless <see cref="MessageBytes"/> is odd). Default: never.
    /// </summary>
    public int? HoldAfter { get; init; }

    /// <summary>The byte range of every request (a Download call, or a range asked for on a Fetch call), in the order they came.</summary>
    public ConcurrentQueue<(long Offset, long Length)> Requests { get; } = new();

    /// <summary>Completes when a caller gives up on a call held after a corrupt chunk (<see cref="HoldAfterCorrupt"/>).</summary>
    public TaskCompletionSource CorruptCallAbandoned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string FileName { get; } = fileName;

    /// <summary>The W3C <c>traceparent</c> header of every call, as the caller sent it (empty when it sent none).</summary>
    public ConcurrentQueue<string> TraceParents { get; } = new();

    public string Url { get; private set; } = "";

    /// <summary>The certificate it serves with and the key it proves: a member of the tests' network unless a test says otherwise.</summary>
    public NodeCredentials Member { get; init; } = TestMembers.Holding();

    /// <summary>Chunks sent whole, corrupt or not (counted where a message ends a chunk or the range asked for).</summary>
    public int ChunksServed => Volatile.Read(ref _served);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = await LoopbackServer.StartAsync(
            HttpProtocols.Http2, services => services.AddGrpc().Services.AddSingleton(new Service(this)), app => app.MapGrpcService<Service>(),
            cancellationToken, Member);
        Url = _server.Url;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private sealed class Service(FakeSourcePeer fake) : FileTransfer.FileTransferBase
    {
        public override Task<FileManifest> GetManifest(GetManifestRequest request, ServerCallContext context)
        {
            fake.TraceParents.Enqueue(context.RequestHeaders.GetValue("traceparent") ?? "");
            if (request.FileName != fake.FileName)
            {
                throw new RpcException(new Status(StatusCode.NotFound, $"'{request.FileName}' is not shared by the fake source."));
            }
            return Task.FromResult(TestManifests.Of(fake.FileName, fake._content));
        }

        public override async Task Download(DownloadRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
        {
            fake.TraceParents.Enqueue(context.RequestHeaders.GetValue("traceparent") ?? "");
            await ServeAsync(request, responseStream, context);
        }

        public override async Task Fetch(
            IAsyncStreamReader<DownloadRequest> requestStream, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
        {
            fake.TraceParents.Enqueue(context.RequestHeaders.GetValue("traceparent") ?? "");
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                await ServeAsync(requestStream.Current, responseStream, context);
            }
        }

        private async Task ServeAsync(DownloadRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
        {
            fake.Requests.Enqueue((request.Offset, request.Length));
            var data = fake._content.AsSpan((int)request.Offset, (int)request.Length).ToArray();
            var holdFrom = int.MaxValue;
            for (var chunk = (int)(request.Offset / ChunkLayout.ChunkSize); (long)chunk * ChunkLayout.ChunkSize < request.Offset + request.Length; chunk++)
            {
                var middle = (long)chunk * ChunkLayout.ChunkSize + ChunkLayout.ChunkSize / 2 - request.Offset;
                if (fake.Corrupts(chunk) && middle >= 0 && middle < data.Length)
                {
                    data[middle] ^= 0xFF;
                    var chunkEnd = (int)Math.Min(data.Length, (long)(chunk + 1) * ChunkLayout.ChunkSize - request.Offset);
                    holdFrom = fake.HoldAfterCorrupt ? Math.Min(holdFrom, chunkEnd) : holdFrom;
                }
            }
            for (var at = 0; at < data.Length; at += fake.MessageBytes)
            {
                if (at >= holdFrom)
                {
                    await HoldAsync(context.CancellationToken);
                }
                if ((request.Offset + at) % ChunkLayout.ChunkSize == 0)
                {
                    var begun = Interlocked.Increment(ref fake._chunksBegun);
                    if (begun > fake.FailAfter)
                    {
                        throw new RpcException(new Status(StatusCode.Unavailable, "The fake source is going away."));
                    }
                    if (begun > fake.HoldAfter)
                    {
                        await Task.Delay(Timeout.Infinite, context.CancellationToken);
                    }
                }
                var length = Math.Min(fake.MessageBytes, data.Length - at);
                if (fake.MessagePause > TimeSpan.Zero)
                {
                    await Task.Delay(fake.MessagePause, context.CancellationToken);
                }
                await responseStream.WriteAsync(
                    new FileChunk { Offset = request.Offset + at, Data = ByteString.CopyFrom(data, at, length) }, context.CancellationToken);
                if ((request.Offset + at + length) % ChunkLayout.ChunkSize == 0 || at + length == data.Length)
                {
                    Interlocked.Increment(ref fake._served);
                }
            }
        }

        private async Task HoldAsync(CancellationToken callEnded)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, callEnded);
            }
            finally
            {
                fake.CorruptCallAbandoned.TrySetResult();
            }
        }
    }
}
