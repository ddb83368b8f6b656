using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Downloads;
using P2P.Peer.Files;
using P2P.Transfer.Sources;
using P2P.Transfer.Storage;

namespace P2P.Tests.Integration;

/// <summary>Transfers under faults: lying and vanishing sources, cancel and restart mid-download, refused uploads, many at once.</summary>
public sealed class TransferFaultTests(TransferFaultFixture network) : IClassFixture<TransferFaultFixture>
{
    private const int Chunk = ChunkLayout.ChunkSize;
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(60);
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly string _peer3Grpc = network.TlsUrl("peer3");
    private HttpClient _peer1 = network.ControlClient("peer1");

    [Fact]
    public async Task A_source_that_sends_corrupt_chunks_is_dropped_and_the_file_completes_from_the_others()
    {
        // Enough chunks, at peer3's capped rate, that the fake is asked for some and answers before peer3 alone could finish.
        var (name, bytes) = await ShareOnPeer3Async(14 * Chunk + 4321);
        await using var fake = new FakeSourcePeer(name, bytes) { Member = TestMembers.Holding(network.NetworkKey), Corrupts = _ => true };
        await fake.StartAsync(_token);

        var status = await DownloadOnPeer1Async(name, fake.Url, _peer3Grpc);

        AssertCompleted(status, "peer1", name, bytes);
        // Asked, not "served": the downloader drops the call as soon as a chunk fails its check, which may cancel the
        // fake's last write before the fake counts the chunk as sent.
        Assert.False(fake.Requests.IsEmpty, "the fake was never asked for a chunk, so nothing was checked");
        var liar = status.Sources.Single(s => s.Id == fake.Url);
        Assert.Equal(SourceState.Dropped, liar.State);
        Assert.Contains("SHA-256", liar.Error);
        Assert.Equal(0, liar.Chunks);
        Assert.Equal(15, status.Sources.Single(s => s.Id == _peer3Grpc).Chunks);
    }

    [Fact]
    public async Task The_issues_reproduction_a_source_whose_sha256_is_a_path_fails_the_download_and_writes_nothing_anywhere()
    {
        var root = Path.GetDirectoryName(network.SharedDir("peer1"))!;
        await using var liar = new Hostile.LyingSourcePeer("innocent.txt", "not what it seems"u8.ToArray(), Hostile.Lie.PathLikeSha256)
        {
            Member = TestMembers.Holding(network.NetworkKey),
        };
        await liar.StartAsync(_token);
        // The peers' state folders change on their own (leases); everything else in every peer's tree must not.
        var before = FolderSnapshot.Take(root, path => !path.Contains(SharedFolder.StateFolderName, StringComparison.Ordinal));

        var status = await DownloadOnPeer1Async("innocent.txt", liar.Url);

        Assert.Equal(DownloadState.Failed, status.State);
        Assert.Contains("sha256 is not 64 lower-case hexadecimal digits", status.Error);
        var after = FolderSnapshot.Take(root, path => !path.Contains(SharedFolder.StateFolderName, StringComparison.Ordinal));
        Assert.True(before.SequenceEqual(after), $"files changed:\n{FolderSnapshot.Diff(before, after)}");
        Assert.Empty(Directory.EnumerateFiles(root, "pwned*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_source_that_fails_mid_download_is_set_aside_and_the_file_completes_from_the_others()
    {
        var (name, bytes) = await ShareOnPeer3Async(8 * Chunk);
        // Within its first call, whatever run it is given: the download starts with runs of two chunks, and a source
        // asked for nothing more after a complete call would never fail before peer3 finished the file.
        await using var fake = new FakeSourcePeer(name, bytes) { Member = TestMembers.Holding(network.NetworkKey), FailAfter = 1 };
        await fake.StartAsync(_token);

        var status = await DownloadOnPeer1Async(name, fake.Url, _peer3Grpc);

        AssertCompleted(status, "peer1", name, bytes);
        var lost = status.Sources.Single(s => s.Id == fake.Url);
        Assert.Equal(SourceState.Failed, lost.State);
        Assert.Contains("Unavailable", lost.Error);
        // From the fake's side: in the endgame peer3 may land the same chunks first, and only the copy kept is credited.
        Assert.True(fake.ChunksServed >= 1, "the fake failed before it delivered a chunk: it was not stopped mid-download");
        Assert.True(status.Sources.Single(s => s.Id == _peer3Grpc).Chunks > 0, "peer3 delivered no chunk");
    }

    [Fact]
    public async Task A_cancelled_download_keeps_its_verified_chunks_and_a_new_one_resumes_from_them()
    {
        var (name, bytes) = await ShareOnPeer3Async(8 * Chunk);
        await using var fake = new FakeSourcePeer(name, bytes) { Member = TestMembers.Holding(network.NetworkKey), HoldAfter = 3 };
        var location = await StartHeldDownloadAsync(fake);

        using var cancel = await _peer1.DeleteAsync(location, _token);
        var cancelled = await _peer1.WaitUntilFinishedAsync(location, s_within);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(DownloadState.Cancelled, cancelled.State);
        var partial = Path.Combine(network.SharedDir("peer1"), SharedFolder.StateFolderName, "staging", StagingPath.DownloadKey(Sha256Hex(bytes)) + ".part");
        Assert.True(File.Exists(partial), $"{partial} was not kept");
        var resumed = await DownloadOnPeer1Async(name, _peer3Grpc);
        AssertCompleted(resumed, "peer1", name, bytes);
        Assert.Equal(3 * Chunk, resumed.BytesResumed);
        Assert.False(File.Exists(partial), "the partial file outlived the download");
    }

    [Fact]
    public async Task A_download_interrupted_by_a_restart_of_its_peer_resumes_with_the_same_id()
    {
        var (name, bytes) = await ShareOnPeer3Async(8 * Chunk);
        await using var fake = new FakeSourcePeer(name, bytes) { Member = TestMembers.Holding(network.NetworkKey), HoldAfter = 3 };
        var location = await StartHeldDownloadAsync(fake);

        await network.RestartAsync("peer1", s_within);
        _peer1 = network.ControlClient("peer1");
        var status = await _peer1.WaitUntilFinishedAsync(location, s_within);

        AssertCompleted(status, "peer1", name, bytes);
        Assert.Equal(3 * Chunk, status.BytesResumed);
        Assert.Equal(["P3"], status.Sources.Select(s => s.Id));
    }

    [Fact]
    public async Task An_upload_is_stored_only_when_its_hash_matches_and_it_fits_the_quota()
    {
        var channel = network.Grpc("peer2");
        var client = new FileTransfer.FileTransferClient(channel);
        var bytes = RandomNumberGenerator.GetBytes(3 * Chunk + 99);
        var (good, bad, big) = ($"upload-{Guid.NewGuid():N}.bin", $"upload-{Guid.NewGuid():N}.bin", $"upload-{Guid.NewGuid():N}.bin");

        var stored = await UploadAsync(client, new UploadHeader { FileName = good, Size = bytes.Length, Sha256 = Sha256Hex(bytes) }, bytes);
        var mismatch = await Assert.ThrowsAsync<RpcException>(
            () => UploadAsync(client, new UploadHeader { FileName = bad, Size = bytes.Length, Sha256 = Sha256Hex([1, 2, 3]) }, bytes));
        var tooBig = await Assert.ThrowsAsync<RpcException>(
            () => UploadAsync(client, new UploadHeader { FileName = big, Size = TransferFaultFixture.MaxUploadBytes + 1, Sha256 = Sha256Hex(bytes) }, bytes));

        Assert.Equal(Sha256Hex(bytes), stored.Sha256);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(network.SharedDir("peer2"), good), _token));
        await network.WaitUntilLocatableAsync(good, ["P2"]);
        Assert.Equal(StatusCode.InvalidArgument, mismatch.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, tooBig.StatusCode);
        Assert.Contains("max_upload_bytes", tooBig.Status.Detail);
        Assert.False(File.Exists(Path.Combine(network.SharedDir("peer2"), bad)));
        Assert.False(File.Exists(Path.Combine(network.SharedDir("peer2"), big)));
        var staging = Path.Combine(network.SharedDir("peer2"), SharedFolder.StateFolderName, "staging");
        Assert.Empty(Directory.Exists(staging) ? Directory.EnumerateFiles(staging, "upload-*") : []);
    }

    [Fact]
    public async Task Eight_downloads_of_different_files_at_once_on_two_peers_all_arrive_verified()
    {
        var files = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => network.ShareRandomFileAsync(2 * Chunk + 17, "peer3")));
        var downloads = files.Select((f, i) => (File: f, Peer: i % 2 == 0 ? "peer1" : "peer2")).ToList();

        var statuses = await Task.WhenAll(downloads.Select(async d =>
        {
            using var peer = network.ControlClient(d.Peer);
            return await peer.WaitUntilFinishedAsync(await peer.StartAsync(new { file = d.File.Name }), s_within);
        }));

        foreach (var (status, (file, peer)) in statuses.Zip(downloads))
        {
            Assert.True(status.State == DownloadState.Completed, $"{file.Name} on {peer}: {status.State}: {status.Error}");
            Assert.Equal(file.Sha256, NetworkFiles.Sha256Of(Path.Combine(network.SharedDir(peer), file.Name)));
        }
    }

    private async Task<(string Name, byte[] Bytes)> ShareOnPeer3Async(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        return (await network.ShareAsync(bytes, "peer3"), bytes);
    }

    /// <summary>Starts the fake and a download on peer1 with it as the sole source; returns once 3 chunks are in (it holds the rest).</summary>
    private async Task<Uri> StartHeldDownloadAsync(FakeSourcePeer fake)
    {
        await fake.StartAsync(_token);
        var location = await _peer1.StartAsync(new { file = fake.FileName, sources = new[] { fake.Url } });
        await _peer1.WaitUntilAsync(location, s => s.BytesDone >= fake.HoldAfter * Chunk, s_within, $"has {fake.HoldAfter} chunks");
        return location;
    }

    private async Task<DownloadStatus> DownloadOnPeer1Async(string name, params string[] sources) =>
        await _peer1.WaitUntilFinishedAsync(await _peer1.StartAsync(new { file = name, sources }), s_within);

    private void AssertCompleted(DownloadStatus status, string peer, string name, byte[] bytes)
    {
        Assert.True(status.State == DownloadState.Completed, $"{status.State}: {status.Error}");
        Assert.Equal(bytes.Length, status.BytesDone);
        Assert.Equal(Sha256Hex(bytes), NetworkFiles.Sha256Of(Path.Combine(network.SharedDir(peer), name)));
    }

    private Task<UploadResponse> UploadAsync(FileTransfer.FileTransferClient client, UploadHeader header, byte[] data) =>
        UploadClient.UploadAsync(client, header, data, _token);

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
