using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Grpc;

namespace P2P.Tests.Unit;

/// <summary>GetManifest and Download: what a peer serves, and what it refuses.</summary>
public sealed class FileTransferServiceTests : FileTransferServiceTestBase
{
    [Fact]
    public async Task The_manifest_of_a_multi_chunk_file_holds_the_hash_of_every_chunk()
    {
        var content = RandomBytes(MultiChunkSize);
        await Peer.ShareAsync("big.bin", content, Token);

        var manifest = await Peer.Service.GetManifest(new GetManifestRequest { FileName = "big.bin" }, Context());

        Assert.Equal("big.bin", manifest.FileName);
        Assert.Equal(MultiChunkSize, manifest.Size);
        Assert.Equal(Sha256Hex(content), manifest.Sha256);
        Assert.Equal(ChunkLayout.ChunkSize, manifest.ChunkSize);
        Assert.Equal(3, manifest.ChunkSha256.Count);
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var slice = content.AsSpan((int)ChunkLayout.OffsetOf(chunk), ChunkLayout.LengthOf(chunk, content.Length));
            Assert.Equal(SHA256.HashData(slice), manifest.ChunkSha256[chunk].ToByteArray());
        }
    }

    [Fact]
    public async Task The_manifest_of_a_file_that_is_not_shared_is_not_found()
    {
        await Peer.ShareAsync("a.txt", [1, 2, 3], Token);

        var error = await AssertStatusAsync(StatusCode.NotFound, () => Peer.Service.GetManifest(new GetManifestRequest { FileName = "b.txt" }, Context()));

        Assert.Contains("b.txt", error.Status.Detail);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("sub/x")]
    [InlineData("")]
    public async Task The_manifest_of_a_hostile_name_is_an_invalid_argument_that_says_why(string name)
    {
        File.WriteAllText(Path.Combine(Peer.Outside, "x"), "outside the shared folder");
        await Peer.Catalog.RescanAsync(Token);

        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => Peer.Service.GetManifest(new GetManifestRequest { FileName = name }, Context()));

        Assert.Equal(SharedFileName.Validate(name), error.Status.Detail);
    }

    [Fact]
    public async Task Downloading_a_whole_file_streams_it_in_messages_of_at_most_one_chunk_at_their_offsets()
    {
        var content = RandomBytes(MultiChunkSize);
        var file = await Peer.ShareAsync("big.bin", content, Token);
        using var sent = new CounterTotal(Peer.Metrics.BytesSent);

        var chunks = await DownloadAsync(new DownloadRequest { FileName = "big.bin", Sha256 = file.Sha256 });

        Assert.All(chunks, c => Assert.InRange(c.Data.Length, 1, FileTransferService.MaxMessageBytes));
        Assert.Equal((MultiChunkSize + FileTransferService.MaxMessageBytes - 1) / FileTransferService.MaxMessageBytes, chunks.Count);
        var offset = 0L;
        foreach (var chunk in chunks)
        {
            Assert.Equal(offset, chunk.Offset);
            offset += chunk.Data.Length;
        }
        Assert.Equal(content, Concat(chunks));
        Assert.Equal(MultiChunkSize, sent.Total);
    }

    [Theory]
    [InlineData(ChunkLayout.ChunkSize - 1000, 5000)]
    [InlineData(ChunkLayout.ChunkSize - 1, 2)]
    [InlineData(7, 200_000)]
    public async Task A_ranged_download_returns_exactly_that_range_across_chunk_boundaries(int offset, int length)
    {
        var content = RandomBytes(MultiChunkSize);
        await Peer.ShareAsync("big.bin", content, Token);

        var chunks = await DownloadAsync(new DownloadRequest { FileName = "big.bin", Offset = offset, Length = length });

        Assert.Equal(offset, chunks[0].Offset);
        Assert.Equal(content[offset..(offset + length)], Concat(chunks));
    }

    [Fact]
    public async Task A_length_of_zero_reads_from_the_offset_to_the_end_of_the_file()
    {
        var content = RandomBytes(200_000);
        await Peer.ShareAsync("a.bin", content, Token);

        var chunks = await DownloadAsync(new DownloadRequest { FileName = "a.bin", Offset = 150_000 });
        var atEnd = await DownloadAsync(new DownloadRequest { FileName = "a.bin", Offset = content.Length });

        Assert.Equal(content[150_000..], Concat(chunks));
        Assert.Empty(atEnd);
    }

    [Theory]
    [InlineData(-1L, 0L)]
    [InlineData(0L, -1L)]
    [InlineData(1001L, 0L)]
    [InlineData(990L, 11L)]
    [InlineData(1L, long.MaxValue)]
    public async Task A_range_outside_the_file_is_out_of_range(long offset, long length)
    {
        await Peer.ShareAsync("a.bin", RandomBytes(1000), Token);

        var error = await AssertStatusAsync(
            StatusCode.OutOfRange, () => DownloadAsync(new DownloadRequest { FileName = "a.bin", Offset = offset, Length = length }));

        Assert.Contains(offset.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Status.Detail);
    }

    [Fact]
    public async Task Downloading_another_version_than_the_peer_holds_is_a_failed_precondition()
    {
        await Peer.ShareAsync("a.bin", RandomBytes(1000), Token);

        var error = await AssertStatusAsync(
            StatusCode.FailedPrecondition, () => DownloadAsync(new DownloadRequest { FileName = "a.bin", Sha256 = new string('0', 64) }));

        Assert.Contains("different version", error.Status.Detail);
    }

    [Fact]
    public async Task A_file_changed_since_it_was_scanned_is_not_served()
    {
        await Peer.ShareAsync("a.bin", RandomBytes(1000), Token);
        await File.AppendAllTextAsync(Path.Combine(Peer.Folder.Root, "a.bin"), "more", Token);

        var error = await AssertStatusAsync(StatusCode.FailedPrecondition, () => DownloadAsync(new DownloadRequest { FileName = "a.bin" }));

        Assert.Contains("changed since it was scanned", error.Status.Detail);
    }

    [Fact]
    public async Task Downloading_a_hostile_name_or_an_unknown_file_is_refused()
    {
        File.WriteAllText(Path.Combine(Peer.Outside, "secret.txt"), "outside the shared folder");

        await AssertStatusAsync(StatusCode.InvalidArgument, () => DownloadAsync(new DownloadRequest { FileName = "../secret.txt" }));
        await AssertStatusAsync(StatusCode.NotFound, () => DownloadAsync(new DownloadRequest { FileName = "secret.txt" }));
    }
}
