using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;
using P2P.Peer.Grpc;

namespace P2P.Tests.Unit;

public sealed class FileTransferServiceTests : IDisposable
{
    // 2.5 chunks: a whole chunk, another, and a short last one.
    private const int MultiChunkSize = 2 * ChunkLayout.ChunkSize + ChunkLayout.ChunkSize / 2;

    private readonly TransferTestPeer _peer = new();
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_manifest_of_a_multi_chunk_file_holds_the_hash_of_every_chunk()
    {
        var content = RandomBytes(MultiChunkSize);
        await _peer.ShareAsync("big.bin", content, _token);

        var manifest = await _peer.Service.GetManifest(new GetManifestRequest { FileName = "big.bin" }, Context());

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
        await _peer.ShareAsync("a.txt", [1, 2, 3], _token);

        var error = await AssertStatusAsync(StatusCode.NotFound, () => _peer.Service.GetManifest(new GetManifestRequest { FileName = "b.txt" }, Context()));

        Assert.Contains("b.txt", error.Status.Detail);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("sub/x")]
    [InlineData("")]
    public async Task The_manifest_of_a_hostile_name_is_an_invalid_argument_that_says_why(string name)
    {
        File.WriteAllText(Path.Combine(_peer.Outside, "x"), "outside the shared folder");
        await _peer.Catalog.RescanAsync(_token);

        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => _peer.Service.GetManifest(new GetManifestRequest { FileName = name }, Context()));

        Assert.Equal(SharedFileName.Validate(name), error.Status.Detail);
    }

    [Fact]
    public async Task Downloading_a_whole_file_streams_it_in_messages_of_at_most_64_KiB_at_their_offsets()
    {
        var content = RandomBytes(MultiChunkSize);
        var file = await _peer.ShareAsync("big.bin", content, _token);
        long sent = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == _peer.Metrics.BytesSent)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, bytes, _, _) => Interlocked.Add(ref sent, bytes));
        listener.Start();

        var chunks = await DownloadAsync(new DownloadRequest { FileName = "big.bin", Sha256 = file.Sha256 });

        Assert.All(chunks, c => Assert.InRange(c.Data.Length, 1, FileTransferService.MaxMessageBytes));
        Assert.Equal(MultiChunkSize / FileTransferService.MaxMessageBytes, chunks.Count);
        var offset = 0L;
        foreach (var chunk in chunks)
        {
            Assert.Equal(offset, chunk.Offset);
            offset += chunk.Data.Length;
        }
        Assert.Equal(content, Concat(chunks));
        Assert.Equal(MultiChunkSize, Interlocked.Read(ref sent));
    }

    [Theory]
    [InlineData(ChunkLayout.ChunkSize - 1000, 5000)]
    [InlineData(ChunkLayout.ChunkSize - 1, 2)]
    [InlineData(7, 200_000)]
    public async Task A_ranged_download_returns_exactly_that_range_across_chunk_boundaries(int offset, int length)
    {
        var content = RandomBytes(MultiChunkSize);
        await _peer.ShareAsync("big.bin", content, _token);

        var chunks = await DownloadAsync(new DownloadRequest { FileName = "big.bin", Offset = offset, Length = length });

        Assert.Equal(offset, chunks[0].Offset);
        Assert.Equal(content[offset..(offset + length)], Concat(chunks));
    }

    [Fact]
    public async Task A_length_of_zero_reads_from_the_offset_to_the_end_of_the_file()
    {
        var content = RandomBytes(200_000);
        await _peer.ShareAsync("a.bin", content, _token);

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
        await _peer.ShareAsync("a.bin", RandomBytes(1000), _token);

        var error = await AssertStatusAsync(StatusCode.OutOfRange, () => DownloadAsync(new DownloadRequest { FileName = "a.bin", Offset = offset, Length = length }));

        Assert.Contains(offset.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Status.Detail);
    }

    [Fact]
    public async Task Downloading_another_version_than_the_peer_holds_is_a_failed_precondition()
    {
        await _peer.ShareAsync("a.bin", RandomBytes(1000), _token);

        var error = await AssertStatusAsync(StatusCode.FailedPrecondition, () => DownloadAsync(new DownloadRequest { FileName = "a.bin", Sha256 = new string('0', 64) }));

        Assert.Contains("different version", error.Status.Detail);
    }

    [Fact]
    public async Task A_file_changed_since_it_was_scanned_is_not_served()
    {
        await _peer.ShareAsync("a.bin", RandomBytes(1000), _token);
        await File.AppendAllTextAsync(Path.Combine(_peer.Folder.Root, "a.bin"), "more", _token);

        var error = await AssertStatusAsync(StatusCode.FailedPrecondition, () => DownloadAsync(new DownloadRequest { FileName = "a.bin" }));

        Assert.Contains("changed since it was scanned", error.Status.Detail);
    }

    [Fact]
    public async Task Downloading_a_hostile_name_or_an_unknown_file_is_refused()
    {
        File.WriteAllText(Path.Combine(_peer.Outside, "secret.txt"), "outside the shared folder");

        await AssertStatusAsync(StatusCode.InvalidArgument, () => DownloadAsync(new DownloadRequest { FileName = "../secret.txt" }));
        await AssertStatusAsync(StatusCode.NotFound, () => DownloadAsync(new DownloadRequest { FileName = "secret.txt" }));
    }

    [Fact]
    public async Task An_upload_with_the_right_hash_is_published_listed_and_registered()
    {
        var content = RandomBytes(MultiChunkSize);
        var sha = Sha256Hex(content);

        // Pieces that do not line up with chunk boundaries, as a client may send them.
        var response = await _peer.Service.Upload(Upload(Header("up.bin", content.Length, sha), Pieces(content, 100_000)), Context());

        Assert.Equal(("up.bin", (long)MultiChunkSize, sha), (response.FileName, response.Size, response.Sha256));
        var published = Path.Combine(_peer.Folder.Root, "up.bin");
        Assert.Equal(content, await File.ReadAllBytesAsync(published, _token));
        var listed = _peer.Catalog.Find("up.bin");
        Assert.Equal(sha, listed?.Sha256);
        Assert.Equal((await FileHasher.DigestAsync(published, _token)).ChunkHashes, listed?.ChunkHashes);
        Assert.Empty(_peer.StagedFiles());
        await _peer.Registered.WaitAsync(TimeSpan.FromSeconds(10), _token);
    }

    [Fact]
    public async Task An_empty_file_can_be_uploaded()
    {
        var response = await _peer.Service.Upload(Upload(Header("empty.txt", 0, Sha256Hex([]))), Context());

        Assert.Equal(0, response.Size);
        Assert.Equal(0, _peer.Catalog.Find("empty.txt")?.Size);
        Assert.Empty(_peer.Catalog.Find("empty.txt")!.ChunkHashes);
    }

    [Fact]
    public async Task An_upload_whose_bytes_do_not_match_its_hash_is_refused_and_leaves_nothing()
    {
        var content = RandomBytes(300_000);
        var declared = Sha256Hex(RandomBytes(10));

        var error = await AssertStatusAsync(
            StatusCode.InvalidArgument, () => _peer.Service.Upload(Upload(Header("bad.bin", content.Length, declared), Pieces(content, 65_536)), Context()));

        Assert.Contains(declared, error.Status.Detail);
        Assert.Contains(Sha256Hex(content), error.Status.Detail);
        Assert.Empty(_peer.SharedFileNames());
        Assert.Empty(_peer.StagedFiles());
        Assert.Null(_peer.Catalog.Find("bad.bin"));
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1001)]
    public async Task An_upload_of_more_or_fewer_bytes_than_declared_is_refused_and_leaves_nothing(int sent)
    {
        var content = RandomBytes(sent);

        var error = await AssertStatusAsync(
            StatusCode.InvalidArgument, () => _peer.Service.Upload(Upload(Header("a.bin", 1000, Sha256Hex(content)), Pieces(content, 300)), Context()));

        Assert.Contains("1000 bytes", error.Status.Detail);
        Assert.Empty(_peer.SharedFileNames());
        Assert.Empty(_peer.StagedFiles());
    }

    [Fact]
    public async Task An_upload_over_max_upload_bytes_is_refused_before_any_data_is_read()
    {
        _peer.Options.MaxUploadBytes = 1024;
        var content = RandomBytes(1025);
        var stream = Upload(Header("big.bin", content.Length, Sha256Hex(content)), Pieces(content, 512));

        var error = await AssertStatusAsync(StatusCode.ResourceExhausted, () => _peer.Service.Upload(stream, Context()));

        Assert.Contains("max_upload_bytes", error.Status.Detail);
        Assert.Contains("1024", error.Status.Detail);
        Assert.Equal(1, stream.Read);
        Assert.Empty(_peer.StagedFiles());
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("/tmp/evil.txt")]
    [InlineData(".p2p")]
    public async Task An_upload_with_a_hostile_name_is_an_invalid_argument(string name)
    {
        byte[] content = [1, 2, 3];

        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => _peer.Service.Upload(Upload(Header(name, 3, Sha256Hex(content)), content), Context()));

        Assert.Equal(SharedFileName.Validate(name), error.Status.Detail);
        Assert.False(File.Exists(Path.Combine(_peer.Outside, "evil.txt")));
        Assert.Empty(_peer.StagedFiles());
    }

    [Fact]
    public async Task An_upload_that_does_not_start_with_a_header_or_has_a_malformed_hash_is_an_invalid_argument()
    {
        byte[] content = [1, 2, 3];

        await AssertStatusAsync(StatusCode.InvalidArgument, () => _peer.Service.Upload(Upload(content), Context()));
        await AssertStatusAsync(StatusCode.InvalidArgument, () => _peer.Service.Upload(Upload(Header("a.bin", 3, Sha256Hex(content).ToUpperInvariant()), content), Context()));
        await AssertStatusAsync(StatusCode.InvalidArgument, () => _peer.Service.Upload(Upload(Header("a.bin", -1, Sha256Hex(content)), content), Context()));
        Assert.Empty(_peer.SharedFileNames());
    }

    [Fact]
    public async Task Uploading_another_version_of_a_shared_file_is_already_exists_and_keeps_the_original()
    {
        byte[] original = [1, 2, 3];
        byte[] other = [4, 5, 6];
        await _peer.ShareAsync("a.bin", original, _token);

        await AssertStatusAsync(StatusCode.AlreadyExists, () => _peer.Service.Upload(Upload(Header("a.bin", 3, Sha256Hex(other)), other), Context()));

        Assert.Equal(original, await File.ReadAllBytesAsync(Path.Combine(_peer.Folder.Root, "a.bin"), _token));
        Assert.Empty(_peer.StagedFiles());
    }

    [Fact]
    public async Task Uploading_the_version_already_shared_succeeds_without_reading_the_data()
    {
        byte[] content = [1, 2, 3];
        await _peer.ShareAsync("a.bin", content, _token);
        var stream = Upload(Header("a.bin", 3, Sha256Hex(content)), content);

        var response = await _peer.Service.Upload(stream, Context());

        Assert.Equal(Sha256Hex(content), response.Sha256);
        Assert.Equal(1, stream.Read);
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_no_partial_file()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_token);
        var content = RandomBytes(200_000);
        IEnumerable<UploadRequest> Messages()
        {
            yield return Header("a.bin", content.Length, Sha256Hex(content));
            yield return Data(content[..100_000]);
            cancel.Cancel();
            yield return Data(content[100_000..]);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _peer.Service.Upload(new TestAsyncStreamReader<UploadRequest>(Messages()), new TestServerCallContext(cancel.Token)));

        Assert.Empty(_peer.SharedFileNames());
        Assert.Empty(_peer.StagedFiles());
    }

    public void Dispose() => _peer.Dispose();

    private TestServerCallContext Context() => new(_token);

    private async Task<List<FileChunk>> DownloadAsync(DownloadRequest request)
    {
        var stream = new TestServerStreamWriter<FileChunk>();
        await _peer.Service.Download(request, stream, Context());
        return [.. stream.Written];
    }

    private static async Task<RpcException> AssertStatusAsync(StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, error.StatusCode);
        return error;
    }

    private static UploadRequest Header(string name, long size, string sha256) =>
        new() { Header = new UploadHeader { FileName = name, Size = size, Sha256 = sha256 } };

    private static UploadRequest Data(byte[] bytes) => new() { Data = ByteString.CopyFrom(bytes) };

    private static TestAsyncStreamReader<UploadRequest> Upload(UploadRequest header, params IEnumerable<byte[]> pieces) =>
        new([header, .. pieces.Select(Data)]);

    private static TestAsyncStreamReader<UploadRequest> Upload(byte[] dataOnly) => new([Data(dataOnly)]);

    private static IEnumerable<byte[]> Pieces(byte[] content, int size) => content.Chunk(size);

    private static byte[] Concat(IEnumerable<FileChunk> chunks) => [.. chunks.SelectMany(c => c.Data.ToByteArray())];

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
