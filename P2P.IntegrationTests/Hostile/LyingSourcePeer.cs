using P2P.Contracts.Security;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;

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
        await ReadMessageAsync(http.Request.BodyReader, http.RequestAborted);
        var manifest = TestManifests.Of(fileName, ContentAfter(Interlocked.Increment(ref _manifests) - 1));
        switch (Lie)
        {
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
                    case Lie.OversizedFrame:
                        WriteFrame(writer, new byte[10], declaredLength: int.MaxValue);
                        break;
                    case Lie.OversizedField:
                        WriteFrame(writer, [0x08, .. Varint((ulong)offset), 0x12, .. Varint(1UL << 30), .. new byte[10]]);
                        break;
                    case Lie.WrongBytes:
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

    private static byte[] Changed(byte[] bytes)
    {
        var changed = bytes.ToArray();
        changed[0] ^= 0xFF;
        return changed;
    }

    private static byte[] ChunkOf(long offset, byte[] data) => new FileChunk { Offset = offset, Data = ByteString.CopyFrom(data) }.ToByteArray();

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static void StartResponse(HttpContext http)
    {
        http.Response.ContentType = "application/grpc";
        http.Response.DeclareTrailer("grpc-status");
    }

    private static void WriteFrame(PipeWriter writer, ReadOnlySpan<byte> payload, int? declaredLength = null)
    {
        var frame = writer.GetSpan(5 + payload.Length);
        frame[0] = 0;
        BinaryPrimitives.WriteInt32BigEndian(frame[1..], declaredLength ?? payload.Length);
        payload.CopyTo(frame[5..]);
        writer.Advance(5 + payload.Length);
    }

    /// <summary>Reads one length-prefixed gRPC message, or null at the end of the caller's stream.</summary>
    private static async Task<byte[]?> ReadMessageAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        var prefix = new byte[5];
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length >= 5)
            {
                buffer.Slice(0, 5).CopyTo(prefix);
                var length = BinaryPrimitives.ReadInt32BigEndian(prefix.AsSpan(1));
                if (buffer.Length >= 5 + length)
                {
                    var message = buffer.Slice(5, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(5 + length));
                    return message;
                }
            }
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
