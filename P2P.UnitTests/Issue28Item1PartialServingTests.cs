using System.Security.Cryptography;
using Grpc.Core;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;

namespace P2P.Tests.Unit;

/// <summary>
/// A partial holder serves (issue 28 item 1): the manifest of the version it downloads, marked partial, and its
/// verified chunks, read from the staging partial; never a byte of a chunk it has not verified.
/// </summary>
public sealed class Issue28Item1PartialServingTests : FileTransferServiceTestBase
{
    private readonly byte[] _content = RandomBytes(MultiChunkSize);

    [Fact]
    public async Task The_manifest_of_a_version_on_the_shelf_is_answered_with_partial_set()
    {
        var entry = Peer.PutPartial("big.bin", _content, 0);

        var manifest = await Peer.Service.GetManifest(new GetManifestRequest { FileName = "big.bin", Sha256 = entry.Manifest.Sha256 }, Context());

        Assert.True(manifest.Partial);
        Assert.Equal(Sha256Hex(_content), manifest.Sha256);
        Assert.Equal(MultiChunkSize, manifest.Size);
        Assert.Equal(ChunkLayout.ChunkSize, manifest.ChunkSize);
        Assert.Equal(SHA256.HashData(_content.AsSpan(2 * ChunkLayout.ChunkSize)), manifest.ChunkSha256[2].ToByteArray());
    }

    [Fact]
    public async Task Without_a_sha256_or_with_swarming_off_nothing_of_the_shelf_is_named()
    {
        var entry = Peer.PutPartial("big.bin", _content, 0, 1, 2);

        await AssertStatusAsync(StatusCode.NotFound, () => Peer.Service.GetManifest(new GetManifestRequest { FileName = "big.bin" }, Context()));
        await AssertStatusAsync(StatusCode.NotFound, () => DownloadAsync(new DownloadRequest { FileName = "big.bin", Length = 10 }));
        Peer.Swarm.Swarming = false;
        await AssertStatusAsync(StatusCode.NotFound,
            () => Peer.Service.GetManifest(new GetManifestRequest { FileName = "big.bin", Sha256 = entry.Manifest.Sha256 }, Context()));
        await AssertStatusAsync(
            StatusCode.NotFound, () => DownloadAsync(new DownloadRequest { FileName = "big.bin", Sha256 = entry.Manifest.Sha256, Length = 10 }));
    }

    [Fact]
    public async Task A_manifest_asked_by_a_version_neither_shared_nor_downloading_here_is_not_found_and_a_bad_sha256_is_invalid()
    {
        var shared = await Peer.ShareAsync("big.bin", _content, Token);

        var whole = await Peer.Service.GetManifest(new GetManifestRequest { FileName = "big.bin", Sha256 = shared.Sha256 }, Context());
        await AssertStatusAsync(
            StatusCode.NotFound, () => Peer.Service.GetManifest(new GetManifestRequest { FileName = "big.bin", Sha256 = new string('0', 64) }, Context()));
        await AssertStatusAsync(
            StatusCode.InvalidArgument, () => Peer.Service.GetManifest(new GetManifestRequest { FileName = "big.bin", Sha256 = "../x" }, Context()));

        Assert.False(whole.Partial);
    }

    [Fact]
    public async Task A_verified_chunk_is_served_from_the_partial_and_counted_as_served_from_partial_files()
    {
        var entry = Peer.PutPartial("big.bin", _content, 1);
        using var fromPartials = new CounterTotal(Peer.SwarmMetrics.PartialBytesSent);

        var chunks = await DownloadAsync(new DownloadRequest
        {
            FileName = "big.bin", Sha256 = entry.Manifest.Sha256, Offset = ChunkLayout.ChunkSize + 5, Length = ChunkLayout.ChunkSize - 5,
        });

        Assert.Equal(_content.AsSpan(ChunkLayout.ChunkSize + 5, ChunkLayout.ChunkSize - 5).ToArray(), Concat(chunks));
        Assert.Equal(ChunkLayout.ChunkSize - 5, fromPartials.Total);
    }

    [Fact]
    public async Task A_range_touching_a_chunk_not_verified_is_not_found_naming_the_chunk_and_sends_nothing()
    {
        var entry = Peer.PutPartial("big.bin", _content, 0, 2);
        var stream = new TestServerStreamWriter<FileChunk>();

        var error = await AssertStatusAsync(StatusCode.NotFound, () => Peer.Service.Download(
            new DownloadRequest { FileName = "big.bin", Sha256 = entry.Manifest.Sha256, Offset = ChunkLayout.ChunkSize - 1, Length = 2 }, stream, Context()));

        Assert.Contains("Chunk 1 ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(stream.Written);
    }

    [Fact]
    public async Task A_fetch_gets_each_verified_chunk_and_stops_at_the_first_unverified_one_without_a_byte_of_it()
    {
        var entry = Peer.PutPartial("big.bin", _content, 0);
        var stream = new TestServerStreamWriter<FileChunk>();
        var requests = new TestAsyncStreamReader<DownloadRequest>([Range(entry.Manifest.Sha256, 0), Range(entry.Manifest.Sha256, 1)]);

        var error = await AssertStatusAsync(StatusCode.NotFound, () => Peer.Service.Fetch(requests, stream, Context()));

        Assert.Contains("Chunk 1 ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(_content.AsSpan(0, ChunkLayout.ChunkSize).ToArray(), Concat(stream.Written));
    }

    [Fact]
    public async Task A_chunk_verified_after_the_call_began_is_served_and_nothing_is_once_the_download_left_the_shelf()
    {
        var entry = Peer.PutPartial("big.bin", _content, 0);
        await AssertStatusAsync(StatusCode.NotFound, () => DownloadAsync(Range(entry.Manifest.Sha256, 2)));
        await File.WriteAllBytesAsync(entry.PartialPath, _content, Token);

        entry.Verified(2);
        var last = await DownloadAsync(Range(entry.Manifest.Sha256, 2));
        entry.Dispose();

        Assert.Equal(_content.AsSpan(2 * ChunkLayout.ChunkSize).ToArray(), Concat(last));
        await AssertStatusAsync(StatusCode.NotFound, () => DownloadAsync(Range(entry.Manifest.Sha256, 0)));
    }

    private static DownloadRequest Range(string sha256, int chunk) => new()
    {
        FileName = "big.bin", Sha256 = sha256, Offset = ChunkLayout.OffsetOf(chunk), Length = ChunkLayout.LengthOf(chunk, MultiChunkSize),
    };
}
