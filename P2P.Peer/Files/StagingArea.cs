using P2P.Transfer;
using P2P.Transfer.Hashing;
using P2P.Transfer.Storage;

namespace P2P.Peer.Files;

/// <summary>
/// Where incoming files (downloads and uploads) are written before they are trusted: a folder inside the shared
/// folder's hidden state folder, never listed, served or registered. A file reaches the shared folder only through
/// <see cref="PublishAsync"/>: after verification, flushed to disk, by an atomic rename that never replaces a file.
/// </summary>
public sealed class StagingArea(SharedFolder folder, FileCatalog catalog, ILogger<StagingArea> logger)
{
    public string Root { get; } = Path.Combine(folder.StateDirectory, "staging");

    /// <summary>The partial file for <paramref name="key"/>, one of <see cref="StagingPath"/>'s keys.</summary>
    public string PartialPath(string key)
    {
        System.IO.Directory.CreateDirectory(Root);
        return StagingPath.Of(Root, key, ".part");
    }

    /// <summary>
    /// Deletes everything staged under <paramref name="key"/> (the partial file, its manifest, their temporary files) to
    /// give the space back.
    /// </summary>
    public void Discard(string key)
    {
        if (!System.IO.Directory.Exists(Root))
        {
            return;
        }
        foreach (var path in System.IO.Directory.EnumerateFiles(Root, key + ".*"))
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.StagedFileNotDeleted(path, e.Message);
            }
        }
    }

    /// <summary>
    /// Deletes the staged files last written before <paramref name="olderThan"/> whose key (the name up to its first dot)
    /// is not in <paramref name="keysInUse"/>: what abandoned downloads and uploads left behind. Returns their paths.
    /// </summary>
    public IReadOnlyList<string> DeleteAbandoned(DateTimeOffset olderThan, IReadOnlySet<string> keysInUse)
    {
        if (!System.IO.Directory.Exists(Root))
        {
            return [];
        }
        var deleted = new List<string>();
        foreach (var file in new DirectoryInfo(Root).EnumerateFiles())
        {
            var key = file.Name.Split('.')[0];
            if (file.LastWriteTimeUtc >= olderThan.UtcDateTime || keysInUse.Contains(key))
            {
                continue;
            }
            try
            {
                file.Delete();
                deleted.Add(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.StagedFileNotDeleted(file.FullName, e.Message);
            }
        }
        return deleted;
    }

    public ValueTask<string?> ExistingSha256Async(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(catalog.Find(name)?.Sha256);

    /// <summary>
    /// Moves a verified partial file into the shared folder as <paramref name="name"/>, then adds it to the catalog,
    /// whose change registration hears: this peer becomes a source. Returns false when an identical file is already
    /// shared (the partial is then removed).
    /// </summary>
    /// <exception cref="FileVersionConflictException">Another version of the file is already shared under that name.</exception>
    public async Task<bool> PublishAsync(string partialPath, string name, FileDigest digest, CancellationToken cancellationToken)
    {
        var target = folder.PathOf(name) ?? throw new ArgumentException($"'{name}' is not a valid shared file name.", nameof(name));

        using (var handle = File.OpenHandle(partialPath, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.FlushToDisk(handle);
        }

        try
        {
            NoReplaceMove.Move(partialPath, target);
        }
        catch (TargetExistsException)
        {
            if (catalog.Find(name) is { } existing && existing.Sha256 == digest.Sha256)
            {
                File.Delete(partialPath);
                return false;
            }
            throw new FileVersionConflictException(name);
        }
        NoReplaceMove.FlushDirectory(folder.Root);

        logger.Published(name, digest.Size, digest.Sha256);
        await catalog.AdoptAsync(name, digest, cancellationToken);
        return true;
    }
}
