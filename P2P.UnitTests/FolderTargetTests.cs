using System.Security.Cryptography;
using P2P.Cli.Get;
using P2P.Transfer;
using P2P.Transfer.Hashing;
using P2P.Transfer.Storage;

namespace P2P.Tests.Unit;

/// <summary>The CLI's download destination: staging out of sight, publishing by rename, never replacing another file.</summary>
public sealed class FolderTargetTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_verified_partial_file_is_published_under_its_name_and_staging_stays_hidden()
    {
        var target = new FolderTarget(_temp.Path);
        var (partial, digest) = await StageAsync(target, [1, 2, 3]);

        Assert.StartsWith(Path.Combine(_temp.Path, FolderTarget.PartialFolderName), partial);
        Assert.True(await target.PublishAsync(partial, "a.bin", digest, _token));

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(_temp.Path, "a.bin"), _token));
        Assert.Equal(digest.Sha256, await target.ExistingSha256Async("a.bin", _token));
        target.Tidy();
        Assert.False(Directory.Exists(target.Root));
    }

    [Fact]
    public async Task An_identical_file_already_there_is_kept_and_a_different_one_is_never_replaced()
    {
        var target = new FolderTarget(_temp.Path);
        await File.WriteAllBytesAsync(Path.Combine(_temp.Path, "a.bin"), [1, 2, 3], _token);

        var (same, sameDigest) = await StageAsync(target, [1, 2, 3]);
        Assert.False(await target.PublishAsync(same, "a.bin", sameDigest, _token));
        Assert.False(File.Exists(same));

        var (other, otherDigest) = await StageAsync(target, [9, 9]);
        await Assert.ThrowsAsync<FileVersionConflictException>(() => target.PublishAsync(other, "a.bin", otherDigest, _token));
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(_temp.Path, "a.bin"), _token));
    }

    [Theory]
    [InlineData("../escape.bin")]
    [InlineData("sub/a.bin")]
    [InlineData("..")]
    public void Names_that_are_not_plain_file_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => new FolderTarget(_temp.Path).PathOf(name));

    public void Dispose() => _temp.Dispose();

    private async Task<(string Path, FileDigest Digest)> StageAsync(FolderTarget target, byte[] content)
    {
        var path = target.PartialPath(StagingPath.DownloadKey(Convert.ToHexStringLower(SHA256.HashData(content))));
        await File.WriteAllBytesAsync(path, content, _token);
        return (path, await FileHasher.DigestAsync(path, _token));
    }
}
