using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using P2P.Contracts;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Downloads;
using P2P.Peer.Files;
using P2P.Peer.Registration;

namespace P2P.Tests.Integration;

/// <summary>
/// Downloads and uploads into a shared folder that is full or read-only: each fails with an error that says so, leaves
/// nothing in the folder or its staging area, and the peer keeps serving and stays healthy.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class StorageFaultTests(StorageFaultFixture network) : IClassFixture<StorageFaultFixture>
{
    private const int Chunk = ChunkLayout.ChunkSize;
    private const string Full = StorageFaultFixture.FullPeer;
    private const string ReadOnly = StorageFaultFixture.ReadOnlyPeer;
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(60);
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_download_onto_a_full_disk_fails_saying_so_and_discards_its_partial_to_free_the_space()
    {
        SkipUnless(network.DiskFullUnavailable);
        var (big, _) = await ShareOnPeer3Async(StorageFaultFixture.FullDiskBytes + 2 * Chunk);
        var before = FolderSnapshot.Take(network.SharedDir(Full));
        using var peer = network.ControlClient(Full);

        var failed = await peer.WaitUntilFinishedAsync(await peer.StartAsync(new { file = big }), s_within);

        Assert.True(failed.State == DownloadState.Failed, $"{failed.State}: {failed.Error}");
        Assert.Contains("No space left", failed.Error);
        Assert.Contains("discarded", failed.Error);
        Assert.True(failed.BytesDone > 0, "nothing was written before the disk filled: the fault was not hit mid-download");
        AssertUnchanged(before, Full);
        // Only a freed disk holds a file this large now: the failed partial must really be gone, not just hidden.
        var (fits, fitsSha) = await ShareOnPeer3Async(StorageFaultFixture.FullDiskBytes - Chunk);
        var completed = await peer.WaitUntilFinishedAsync(await peer.StartAsync(new { file = fits }), s_within);
        try
        {
            Assert.True(completed.State == DownloadState.Completed, $"after the failure: {completed.State}: {completed.Error}");
            Assert.Equal(fitsSha, NetworkFiles.Sha256Of(Path.Combine(network.SharedDir(Full), fits)));
            await AssertHealthyAsync(Full);
        }
        finally
        {
            File.Delete(Path.Combine(network.SharedDir(Full), fits));
            await RefreshAsync(Full);
        }
    }

    [Fact]
    public async Task An_upload_onto_a_full_disk_is_refused_as_resource_exhausted_and_leaves_nothing()
    {
        SkipUnless(network.DiskFullUnavailable);
        var before = FolderSnapshot.Take(network.SharedDir(Full));
        var bytes = RandomNumberGenerator.GetBytes(StorageFaultFixture.FullDiskBytes + Chunk);

        var refused = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(Full, bytes));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("No space left", refused.Status.Detail);
        AssertUnchanged(before, Full);
        await AssertHealthyAsync(Full);
    }

    [Fact]
    public async Task A_download_into_a_read_only_folder_fails_saying_so_and_writes_nothing()
    {
        SkipUnless(network.ReadOnlyUnavailable);
        var (name, _) = await ShareOnPeer3Async(2 * Chunk + 5);
        using var peer = network.ControlClient(ReadOnly);
        var before = FolderSnapshot.Take(network.SharedDir(ReadOnly));
        network.SetReadOnly(true);
        try
        {
            var failed = await peer.WaitUntilFinishedAsync(await peer.StartAsync(new { file = name }), s_within);

            Assert.True(failed.State == DownloadState.Failed, $"{failed.State}: {failed.Error}");
            Assert.Contains("read-only", failed.Error);
            AssertUnchanged(before, ReadOnly);
            await AssertHealthyAsync(ReadOnly);
        }
        finally
        {
            network.SetReadOnly(false);
        }
    }

    [Fact]
    public async Task An_upload_into_a_read_only_folder_is_refused_as_failed_precondition()
    {
        SkipUnless(network.ReadOnlyUnavailable);
        var before = FolderSnapshot.Take(network.SharedDir(ReadOnly));
        network.SetReadOnly(true);
        try
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(ReadOnly, RandomNumberGenerator.GetBytes(Chunk + 3)));

            Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
            Assert.Contains("read-only", refused.Status.Detail);
            AssertUnchanged(before, ReadOnly);
            await AssertHealthyAsync(ReadOnly);
        }
        finally
        {
            network.SetReadOnly(false);
        }
    }

    [Fact]
    public async Task A_rescan_of_a_read_only_folder_lists_new_files_though_its_hash_cache_cannot_be_saved()
    {
        SkipUnless(network.ReadOnlyUnavailable);
        var name = $"late-{Guid.NewGuid():N}.txt";
        await File.WriteAllTextAsync(Path.Combine(network.SharedDir(ReadOnly), name), "written just before the folder became read-only", _token);
        network.SetReadOnly(true);
        try
        {
            var refreshed = await RefreshAsync(ReadOnly);

            Assert.True(refreshed.Changed, "the new file was not seen by the rescan");
            await network.WaitUntilLocatableAsync(name, ["P" + ReadOnly[^1]]);
            var cache = await File.ReadAllTextAsync(Path.Combine(network.SharedDir(ReadOnly), SharedFolder.StateFolderName, "hashes.json"), _token);
            Assert.DoesNotContain(name, cache);
            await AssertHealthyAsync(ReadOnly);
        }
        finally
        {
            network.SetReadOnly(false);
        }
    }

    private static void SkipUnless(string? unavailable)
    {
        if (unavailable is not null)
        {
            Assert.Skip($"This machine cannot simulate the fault: {unavailable}");
        }
    }

    /// <summary>Shares random bytes on peer3 and rescans at once (the fixture's watcher waits a minute), then waits until the Maestro lists them.</summary>
    private async Task<(string Name, string Sha256)> ShareOnPeer3Async(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        var name = $"random-{Guid.NewGuid():N}.bin";
        await File.WriteAllBytesAsync(Path.Combine(network.SharedDir("peer3"), name), bytes, _token);
        await RefreshAsync("peer3");
        await network.WaitUntilLocatableAsync(name, ["P3"]);
        return (name, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private async Task<RefreshResult> RefreshAsync(string peer)
    {
        using var client = network.ControlClient(peer);
        using var response = await client.PostAsync("/refresh", null, _token);
        return await response.ReadJsonAsync<RefreshResult>();
    }

    private async Task<UploadResponse> UploadAsync(string peer, byte[] bytes)
    {
        var channel = network.Grpc(peer);
        var header = new UploadHeader
        {
            FileName = $"upload-{Guid.NewGuid():N}.bin", Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };
        return await UploadClient.UploadAsync(new FileTransfer.FileTransferClient(channel), header, bytes, _token);
    }

    /// <summary>Nothing new, half-written or left over anywhere in the peer's folder, its staging area included.</summary>
    private void AssertUnchanged(IReadOnlyDictionary<string, string> before, string peer)
    {
        var after = FolderSnapshot.Take(network.SharedDir(peer));
        Assert.True(before.SequenceEqual(after), $"{peer}'s shared folder changed:\n{FolderSnapshot.Diff(before, after)}");
    }

    /// <summary>The peer still answers, is ready (registered), and still lists and serves its files.</summary>
    private async Task AssertHealthyAsync(string peer)
    {
        using var client = network.Client(peer);
        using var health = await client.GetAsync("/health", _token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var files = await client.GetFromJsonAsync<List<P2P.Contracts.Maestro.SharedFileEntry>>("/files", SnakeCaseJson.Options, _token);
        Assert.Contains(files!, f => f.Name == SampleFiles.Shared);
        var channel = network.Grpc(peer);
        var manifest = await new FileTransfer.FileTransferClient(channel)
            .GetManifestAsync(new GetManifestRequest { FileName = SampleFiles.Shared }, cancellationToken: _token);
        Assert.Equal(SampleFiles.Sha256(SampleFiles.SharedContent), manifest.Sha256);
    }
}
