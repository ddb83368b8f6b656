using P2P.Peer.Files;
using P2P.Transfer.Hashing;
using P2P.Transfer.Storage;

namespace P2P.Peer.Downloads;

/// <summary>The peer's staging area as a download's target, with room reserved in <c>max_staging_bytes</c> for each download.</summary>
public sealed class RoomCheckedStaging(StagingArea staging, StagingSpace space) : IDownloadTarget
{
    public string Root => staging.Root;

    public string PartialPath(string key) => staging.PartialPath(key);

    public IDisposable ReserveRoom(string name, long size, string partialPath) => space.ReserveDownload(name, size, Path.GetFullPath(partialPath));

    public ValueTask<string?> ExistingSha256Async(string name, CancellationToken cancellationToken) => staging.ExistingSha256Async(name, cancellationToken);

    public Task<bool> PublishAsync(string partialPath, string name, FileDigest digest, CancellationToken cancellationToken) =>
        staging.PublishAsync(partialPath, name, digest, cancellationToken);
}
