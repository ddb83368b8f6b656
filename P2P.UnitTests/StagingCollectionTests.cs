using P2P.Transfer.Storage;

namespace P2P.Tests.Unit;

/// <summary>What abandoned transfers leave in the staging folder is deleted once old enough, never what a download still uses.</summary>
public sealed class StagingCollectionTests : IDisposable
{
    private readonly TransferTestPeer _peer = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    [Fact]
    public void Old_files_are_deleted_and_recent_ones_and_those_of_unfinished_downloads_kept()
    {
        var abandoned = StagingPath.DownloadKey(new string('a', 64));
        var running = StagingPath.DownloadKey(new string('b', 64));
        var oldPart = Stage(abandoned + ".part", TimeSpan.FromDays(8));
        var oldManifest = Stage(abandoned + ".json", TimeSpan.FromDays(8));
        var oldUpload = Stage("upload-0123.part", TimeSpan.FromDays(8));
        var inUse = Stage(running + ".part", TimeSpan.FromDays(8));
        var recent = Stage(StagingPath.DownloadKey(new string('c', 64)) + ".part", TimeSpan.FromDays(6));

        var deleted = _peer.Staging.DeleteAbandoned(_now - TimeSpan.FromDays(7), new HashSet<string> { running });

        Assert.Equal([oldManifest, oldPart, oldUpload], deleted.Order());
        Assert.Equal([inUse, recent], _peer.StagedFiles().Order());
    }

    [Fact]
    public void A_missing_staging_folder_has_nothing_to_delete() =>
        Assert.Empty(_peer.Staging.DeleteAbandoned(_now, new HashSet<string>()));

    public void Dispose() => _peer.Dispose();

    private string Stage(string name, TimeSpan age)
    {
        var path = Path.Combine(_peer.Staging.Root, name);
        Directory.CreateDirectory(_peer.Staging.Root);
        File.WriteAllText(path, name);
        File.SetLastWriteTimeUtc(path, (_now - age).UtcDateTime);
        return path;
    }
}
