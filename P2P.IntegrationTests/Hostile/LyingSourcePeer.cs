using P2P.Contracts.Security;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;
using P2P.Transfer.Swarm;
using static P2P.Tests.Integration.Hostile.HandWrittenGrpc;

namespace P2P.Tests.Integration.Hostile;

/// <summary>
/// A source that tells one <see cref="Lie"/>, hosted in the test process. It speaks gRPC by hand (frames written byte
/// by byte on plain HTTP/2), so that it can lie below what a gRPC library would let it send: frame lengths, field
/// lengths, a reset connection. Otherwise it answers as a peer sharing <paramref name="fileName"/> would.
/// </summary>
public sealed class LyingSourcePeer(string fileName, byte[] content, Lie lie) : IAsyncDisposable
{
    private const string Service = "/p2p.transfer.v1.FileTransfer/";
    private static readonly TimeSpan s_dripPause = TimeSpan.FromMilliseconds(20);

    private LoopbackServer? _server;
    private int _manifests;
    private int _requests;

    /// <summary>The lies told on <c>Watch</c> (swarming): a liar telling another one has no <c>Watch</c>, as a peer from before swarming.</summary>
    public static IReadOnlyList<Lie> SwarmLies { get; } =
    [
        Lie.ClaimsChunksThenNotFound, Lie.ClaimsChunksThenGarbage, Lie.HaveOutsideFile, Lie.BitfieldOfWrongLength,
        Lie.FirstMessageWithoutBitfield, Lie.GarbageManifestForVersion,
    ];

    public Lie Lie { get; } = lie;

    public string Url { get; private set; } = "";

    /// <summary>The certificate it serves with and the key it proves: a member of the tests' network unless a test says otherwise.</summary>
    public NodeCredentials Member { get; init; } = TestMembers.Holding();

    /// <summary>Ranges asked for on its Fetch calls, all calls together.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = await LoopbackServer.StartAsync(HttpProtocols.Http2, _ => { }, app =>
        {
            app.MapPost(Service + "GetManifest", GetManifestAsync);
            app.MapPost(Service + "Fetch", FetchAsync);
            if (SwarmLies.Contains(Lie) || Lie == Lie.AlwaysBusy)
            {
                app.MapPost(Service + "Watch", WatchAsync);
            }
        }, cancellationToken, Member);
        Url = _server.Url;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>What this source shares: when the lie is that it changes, another version right after the first manifest.</summary>
    private byte[] ContentAfter(int manifests) => Lie == Lie.ManifestChangesBetweenCalls && manifests >= 1 ? Changed(content) : content;

    private async Task GetManifestAsync(HttpContext http)
    {
        var request = GetManifestRequest.Parser.ParseFrom(await ReadMessageAsync(http.Request.BodyReader, http.RequestAborted) ?? []);
        var manifest = TestManifests.Of(fileName, ContentAfter(Interlocked.Increment(ref _manifests) - 1));
        switch (Lie)
        {
            case Lie.GarbageManifestForVersion when request.Sha256.Length > 0:
                manifest.ChunkSha256[0] = ByteString.CopyFrom(new byte[32]);
                break;
            case Lie.PathLikeSha256:
                manifest.Sha256 = string.Concat(Enumerable.Repeat("/", 9)) + string.Concat(Enumerable.Repeat("./", 18)) + "../../../../pwnedx";
                break;
            case Lie.NonHexSha256:
                manifest.Sha256 = manifest.Sha256.ToUpperInvariant().Replace('0', 'g');
                break;
            case Lie.OtherFileName:
                manifest.FileName = "../" + fileName;
                break;
            case Lie.WrongChunkCount:
                manifest.ChunkSha256.RemoveAt(manifest.ChunkSha256.Count - 1);
                break;
            case Lie.ShortChunkHash:
                manifest.ChunkSha256[0] = ByteString.CopyFrom(new byte[31]);
                break;
            case Lie.HugeSize:
                manifest.Size = 1L << 50;
                break;
            case Lie.ChunkSizeOutOfProtocol:
                manifest = TestManifests.Of(fileName, content, 64 * 1024);
                break;
        }
        StartResponse(http);
        WriteFrame(http.Response.BodyWriter, manifest.ToByteArray());
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        http.Response.AppendTrailer("grpc-status", "0");
    }

    private async Task FetchAsync(HttpContext http)
    {
        StartResponse(http);
        await http.Response.StartAsync(http.RequestAborted);
        var served = ContentAfter(Volatile.Read(ref _manifests));
        while (await ReadMessageAsync(http.Request.BodyReader, http.RequestAborted) is { } message)
        {
            Interlocked.Increment(ref _requests);
            var request = DownloadRequest.Parser.ParseFrom(message);
            var writer = http.Response.BodyWriter;
            for (var offset = request.Offset; offset < request.Offset + request.Length;)
            {
                var length = (int)Math.Min(256 * 1024, request.Offset + request.Length - offset);
                var data = served.AsSpan((int)offset, length).ToArray();
                switch (Lie)
                {
                    case Lie.ClaimsChunksThenNotFound or Lie.AlwaysBusy:
                        http.Response.AppendTrailer("grpc-status", Lie == Lie.AlwaysBusy ? "8" : "5");
                        http.Response.AppendTrailer("grpc-message", Lie == Lie.AlwaysBusy ? "busy, try another holder" : "chunk not held");
                        return;
                    case Lie.OversizedFrame:
                        WriteFrame(writer, new byte[10], declaredLength: int.MaxValue);
                        break;
                    case Lie.OversizedField:
                        WriteFrame(writer, [0x08, .. Varint((ulong)offset), 0x12, .. Varint(1UL << 30), .. new byte[10]]);
                        break;
                    case Lie.WrongBytes or Lie.ClaimsChunksThenGarbage:
                        data[length / 2] ^= 0xFF;
                        WriteFrame(writer, ChunkOf(offset, data));
                        break;
                    case Lie.BytesOutsideRange:
                        WriteFrame(writer, ChunkOf(offset + ChunkLayout.ChunkSize, data));
                        break;
                    case Lie.ConnectionReset or Lie.Stall:
                        // Half a message, so no chunk is whole: a chunk delivered whole before the fault is honest service.
                        WriteFrame(writer, ChunkOf(offset, data[..(length / 2)]));
                        await writer.FlushAsync(http.RequestAborted);
                        if (Lie == Lie.ConnectionReset)
                        {
                            http.Abort();
                            return;
                        }
                        await Task.Delay(Timeout.Infinite, http.RequestAborted);
                        return;
                    case Lie.Drip:
                        for (var i = 0; i < data.Length; i++)
                        {
                            WriteFrame(writer, ChunkOf(offset + i, data.AsSpan(i, 1).ToArray()));
                            await writer.FlushAsync(http.RequestAborted);
                            await Task.Delay(s_dripPause, http.RequestAborted);
                        }
                        break;
                    case Lie.EmptyMessages:
                        while (!http.RequestAborted.IsCancellationRequested)
                        {
                            WriteFrame(writer, ChunkOf(offset, []));
                            await writer.FlushAsync(http.RequestAborted);
                        }
                        return;
                    default:
                        WriteFrame(writer, ChunkOf(offset, data));
                        break;
                }
                await writer.FlushAsync(http.RequestAborted);
                offset += length;
            }
        }
        http.Response.AppendTrailer("grpc-status", "0");
    }

    /// <summary>Says what it holds as its lie has it, then keeps the call open as an honest holder does.</summary>
    private async Task WatchAsync(HttpContext http)
    {
        await ReadMessageAsync(http.Request.BodyReader, http.RequestAborted);
        var chunks = ChunkLayout.ChunkCount(content.Length);
        var first = Lie switch
        {
            Lie.HaveOutsideFile => new Availability { Bitfield = ByteString.CopyFrom(new byte[(chunks + 7) / 8]) },
            Lie.BitfieldOfWrongLength => new Availability { Bitfield = ByteString.CopyFrom(new byte[(chunks + 7) / 8 + 1]) },
            Lie.FirstMessageWithoutBitfield => new Availability { Have = { 0 } },
            _ => new Availability { Bitfield = ByteString.CopyFrom(ChunkBitfield.Full(chunks).ToWire()), Complete = true },
        };
        StartResponse(http);
        WriteFrame(http.Response.BodyWriter, first.ToByteArray());
        if (Lie == Lie.HaveOutsideFile)
        {
            // Later, as an update: the first message was sound.
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
            WriteFrame(http.Response.BodyWriter, new Availability { Have = { 0, chunks } }.ToByteArray());
        }
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        try
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The downloader ended the call.
        }
    }

    /// <summary>Another version, differing in every chunk: whichever chunks the liar is asked for, it sends the other version's.</summary>
    private static byte[] Changed(byte[] bytes)
    {
        var changed = bytes.ToArray();
        for (var offset = 0; offset < changed.Length; offset += ChunkLayout.ChunkSize)
        {
            changed[offset] ^= 0xFF;
        }
        return changed;
    }

    private static byte[] ChunkOf(long offset, byte[] data) => new FileChunk { Offset = offset, Data = ByteString.CopyFrom(data) }.ToByteArray();
}
