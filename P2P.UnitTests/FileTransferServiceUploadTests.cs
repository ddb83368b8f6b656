using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Grpc;
using P2P.Transfer.Hashing;

namespace P2P.Tests.Unit;

/// <summary>Upload: stored only through staging, verification and an atomic rename, within the quota.</summary>
public sealed class FileTransferServiceUploadTests : FileTransferServiceTestBase
{
    [Fact]
    public async Task An_upload_with_the_right_hash_is_published_listed_and_registered()
    {
        var content = RandomBytes(MultiChunkSize);
        var sha = Sha256Hex(content);
        await Peer.ChangeListener.StartAsync(Token);

        // Messages that do not line up with chunk boundaries, as a client may send them.
        var response = await Peer.Service.Upload(Upload(Header("up.bin", content.Length, sha), Messages(content, 100_000)), Context());

        Assert.Equal(("up.bin", (long)MultiChunkSize, sha), (response.FileName, response.Size, response.Sha256));
        var published = Path.Combine(Peer.Folder.Root, "up.bin");
        Assert.Equal(content, await File.ReadAllBytesAsync(published, Token));
        var listed = Peer.Catalog.Find("up.bin");
        Assert.Equal(sha, listed?.Sha256);
        Assert.Equal((await FileHasher.DigestAsync(published, Token)).ChunkHashes, listed?.ChunkHashes);
        Assert.Empty(Peer.StagedFiles());
        await Peer.RegisteredWithAsync("up.bin");
    }

    [Fact]
    public async Task An_empty_file_can_be_uploaded()
    {
        var response = await Peer.Service.Upload(Upload(Header("empty.txt", 0, Sha256Hex([]))), Context());

        Assert.Equal(0, response.Size);
        Assert.Equal(0, Peer.Catalog.Find("empty.txt")?.Size);
        Assert.Empty(Peer.Catalog.Find("empty.txt")!.ChunkHashes);
    }

    [Fact]
    public async Task An_upload_whose_bytes_do_not_match_its_hash_is_refused_and_leaves_nothing()
    {
        var content = RandomBytes(300_000);
        var declared = Sha256Hex(RandomBytes(10));

        var error = await AssertStatusAsync(
            StatusCode.InvalidArgument, () => Peer.Service.Upload(Upload(Header("bad.bin", content.Length, declared), Messages(content, 65_536)), Context()));

        Assert.Contains(declared, error.Status.Detail);
        Assert.Contains(Sha256Hex(content), error.Status.Detail);
        Assert.Empty(Peer.SharedFileNames());
        Assert.Empty(Peer.StagedFiles());
        Assert.Null(Peer.Catalog.Find("bad.bin"));
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1001)]
    public async Task An_upload_of_more_or_fewer_bytes_than_declared_is_refused_and_leaves_nothing(int sent)
    {
        var content = RandomBytes(sent);

        var error = await AssertStatusAsync(
            StatusCode.InvalidArgument, () => Peer.Service.Upload(Upload(Header("a.bin", 1000, Sha256Hex(content)), Messages(content, 300)), Context()));

        Assert.Contains("1000 bytes", error.Status.Detail);
        Assert.Empty(Peer.SharedFileNames());
        Assert.Empty(Peer.StagedFiles());
    }

    [Fact]
    public async Task An_upload_over_max_upload_bytes_is_refused_before_any_data_is_read()
    {
        Peer.Options.MaxUploadBytes = 1024;
        var content = RandomBytes(1025);
        var stream = Upload(Header("big.bin", content.Length, Sha256Hex(content)), Messages(content, 512));

        var error = await AssertStatusAsync(StatusCode.ResourceExhausted, () => Peer.Service.Upload(stream, Context()));

        Assert.Contains("max_upload_bytes", error.Status.Detail);
        Assert.Contains("1024", error.Status.Detail);
        Assert.Equal(1, stream.Read);
        Assert.Empty(Peer.StagedFiles());
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("/tmp/evil.txt")]
    [InlineData(".p2p")]
    public async Task An_upload_with_a_hostile_name_is_an_invalid_argument(string name)
    {
        byte[] content = [1, 2, 3];

        var error = await AssertStatusAsync(
            StatusCode.InvalidArgument, () => Peer.Service.Upload(Upload(Header(name, 3, Sha256Hex(content)), content), Context()));

        Assert.Equal(SharedFileName.Validate(name), error.Status.Detail);
        Assert.False(File.Exists(Path.Combine(Peer.Outside, "evil.txt")));
        Assert.Empty(Peer.StagedFiles());
    }

    [Fact]
    public async Task An_upload_that_does_not_start_with_a_header_or_has_a_malformed_hash_is_an_invalid_argument()
    {
        byte[] content = [1, 2, 3];

        await AssertStatusAsync(StatusCode.InvalidArgument, () => Peer.Service.Upload(Upload(content), Context()));
        await AssertStatusAsync(
            StatusCode.InvalidArgument, () => Peer.Service.Upload(Upload(Header("a.bin", 3, Sha256Hex(content).ToUpperInvariant()), content), Context()));
        await AssertStatusAsync(StatusCode.InvalidArgument, () => Peer.Service.Upload(Upload(Header("a.bin", -1, Sha256Hex(content)), content), Context()));
        Assert.Empty(Peer.SharedFileNames());
    }

    [Fact]
    public async Task Uploading_another_version_of_a_shared_file_is_already_exists_and_keeps_the_original()
    {
        byte[] original = [1, 2, 3];
        byte[] other = [4, 5, 6];
        await Peer.ShareAsync("a.bin", original, Token);

        await AssertStatusAsync(StatusCode.AlreadyExists, () => Peer.Service.Upload(Upload(Header("a.bin", 3, Sha256Hex(other)), other), Context()));

        Assert.Equal(original, await File.ReadAllBytesAsync(Path.Combine(Peer.Folder.Root, "a.bin"), Token));
        Assert.Empty(Peer.StagedFiles());
    }

    [Fact]
    public async Task Uploading_the_version_already_shared_succeeds_without_reading_the_data()
    {
        byte[] content = [1, 2, 3];
        await Peer.ShareAsync("a.bin", content, Token);
        var stream = Upload(Header("a.bin", 3, Sha256Hex(content)), content);

        var response = await Peer.Service.Upload(stream, Context());

        Assert.Equal(Sha256Hex(content), response.Sha256);
        Assert.Equal(1, stream.Read);
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_no_partial_file()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var content = RandomBytes(200_000);
        IEnumerable<UploadRequest> Messages()
        {
            yield return Header("a.bin", content.Length, Sha256Hex(content));
            yield return Data(content[..100_000]);
            cancel.Cancel();
            yield return Data(content[100_000..]);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Peer.Service.Upload(new TestAsyncStreamReader<UploadRequest>(Messages()), new TestServerCallContext(cancel.Token)));

        Assert.Empty(Peer.SharedFileNames());
        Assert.Empty(Peer.StagedFiles());
    }

    [Fact]
    public async Task An_upload_whose_caller_stops_sending_is_cut_off_after_the_idle_limit_and_leaves_nothing()
    {
        var content = RandomBytes(200_000);
        var caller = new QuietStreamReader<UploadRequest>([Header("a.bin", content.Length, Sha256Hex(content)), Data(content[..100_000])]);

        var call = Peer.Service.Upload(caller, Context());
        await caller.Quiet.Task.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Peer.Time.Advance(TimeSpan.FromSeconds(Peer.Options.FetchIdleSeconds));

        var error = await AssertStatusAsync(StatusCode.DeadlineExceeded, () => call.WaitAsync(TimeSpan.FromSeconds(10), Token));
        Assert.Contains("fetch_idle_seconds", error.Status.Detail);
        Assert.Empty(Peer.SharedFileNames());
        Assert.Empty(Peer.StagedFiles());
    }
}
