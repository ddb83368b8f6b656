using System.Security.Cryptography;
using P2P.Transfer;
using P2P.Transfer.Storage;

namespace P2P.Tests.Unit;

/// <summary>A staged version belongs to one download at a time, and staging names come only from checked values.</summary>
public sealed class StagingOwnershipTests : IDisposable
{
    private const int ChunkSize = DownloadManifest.MinChunkSize;

    private readonly TransferTestPeer _peer = new();
    private readonly TempFolder _temp = new();
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(3 * ChunkSize);

    [Fact]
    public void A_lock_is_held_by_one_owner_until_it_lets_go_and_its_file_goes_with_it()
    {
        var path = Path.Combine(_temp.Path, "v.lock");

        var first = StagingLock.TryTake(path);
        Assert.NotNull(first);
        Assert.Null(StagingLock.TryTake(path));
        first.Dispose();
        Assert.False(File.Exists(path));
        using var second = StagingLock.TryTake(path);
        Assert.NotNull(second);
    }

    [Fact]
    public void A_lock_file_marked_as_let_go_is_never_taken()
    {
        var path = Path.Combine(_temp.Path, "v.lock");
        File.WriteAllBytes(path, [0]);

        Assert.Null(StagingLock.TryTake(path));
    }

    [Fact]
    public async Task A_second_download_of_a_version_waits_and_never_touches_the_first_ones_partial_or_manifest()
    {
        var manifest = PartialDownloadTests.ManifestOf(_content, ChunkSize, "first");
        var (first, _) = await PartialDownload.OpenAsync(_peer.Target, manifest, TimeProvider.System, static () => { }, _token);
        using (first)
        {
            await File.WriteAllBytesAsync(first.Path, _content, _token);
            var manifestBefore = await File.ReadAllBytesAsync(first.ManifestPath, _token);
            var waited = false;
            using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(600));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PartialDownload.OpenAsync(
                _peer.Target, manifest with { Id = "second" }, TimeProvider.System, () => waited = true, giveUp.Token));

            Assert.True(waited, "the second download was not told it waits");
            Assert.Equal(_content, await File.ReadAllBytesAsync(first.Path, _token));
            Assert.Equal(manifestBefore, await File.ReadAllBytesAsync(first.ManifestPath, _token));
        }
        var (second, verified) = await PartialDownload.OpenAsync(_peer.Target, manifest with { Id = "second" }, TimeProvider.System, static () => { }, _token);
        second.Dispose();
        Assert.Equal([0, 1, 2], verified);
    }

    [Theory]
    [InlineData("//./../../../../pwnedx")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("*")]
    public void A_download_key_is_only_made_from_a_sha256_in_its_written_form(string sha256) =>
        Assert.Throws<ArgumentException>(() => StagingPath.DownloadKey(sha256));

    [Theory]
    [InlineData("../config", ".json")]
    [InlineData("download-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/..", ".part")]
    [InlineData("upload-x", ".part")]
    [InlineData("download-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "/../../x")]
    public void A_staging_path_is_refused_for_any_name_this_process_does_not_make(string key, string extension) =>
        Assert.Throws<ArgumentException>(() => StagingPath.Of(_temp.Path, key, extension));

    [Fact]
    public void A_staging_path_of_a_key_this_process_made_is_in_the_staging_folder()
    {
        var key = StagingPath.DownloadKey(Convert.ToHexStringLower(SHA256.HashData(_content)));

        Assert.Equal(Path.Combine(_temp.Path, key + ".part"), StagingPath.Of(_temp.Path, key, ".part"));
        Assert.Equal(_temp.Path, Path.GetDirectoryName(StagingPath.Of(_temp.Path + "/", StagingPath.NewUploadKey(), ".part")));
    }

    public void Dispose()
    {
        _peer.Dispose();
        _temp.Dispose();
    }
}
