using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;
using P2P.Contracts.Files;
using P2P.Transfer.Hashing;

namespace P2P.Peer.Files;

/// <summary>
/// Lists the shared folder's files with their size and SHA-256, hashing only what the cache cannot vouch for.
/// Skips names that are not valid shared names, links that lead outside the folder, files still being written (changed
/// within <c>file_settle_ms</c>) and files that change while hashed.
/// </summary>
public sealed class SharedFolderScanner(SharedFolder folder, IOptions<PeerOptions> options, TimeProvider time, ILogger<SharedFolderScanner> logger)
{
    private readonly HashCache _cache = new(folder.StateDirectory);
    private readonly FileSettling _settling = new(TimeSpan.FromMilliseconds(options.Value.FileSettleMs), time);

    /// <summary>Vouches for the digest of a file this peer just wrote and verified; the caller serialises this with scans.</summary>
    public void Remember(string name, FileDigest digest)
    {
        var info = new FileInfo(Path.Combine(folder.Root, name));
        var (size, lastWrite) = Stamp(info);
        if (size == digest.Size)
        {
            _cache.Remember(name, lastWrite, digest);
        }
    }

    public async Task<ScanResult> ScanAsync(CancellationToken cancellationToken)
    {
        var files = new List<SharedFile>();
        var hashed = 0;
        _settling.BeginScan();
        var enumeration = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (var info in new DirectoryInfo(folder.Root).EnumerateFiles("*", enumeration))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!SharedFileName.IsValid(info.Name))
            {
                if (!info.Name.StartsWith('.'))
                {
                    logger.FileNameSkipped(info.Name);
                }
                continue;
            }
            try
            {
                using var handle = folder.OpenServable(info.Name);
                var (file, fresh) = await DescribeAsync(info.Name, handle, cancellationToken);
                if (file is not null)
                {
                    files.Add(file);
                    hashed += fresh ? 1 : 0;
                }
            }
            catch (Exception e) when (e is NotServableException or FileNotFoundException)
            {
                logger.LinkOutsideSkipped(info.Name);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.FileUnreadable(info.Name, e.Message);
            }
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        try
        {
            await _cache.SaveAsync(files, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache only saves rehashing after a restart; a full or read-only folder must not stop the scan.
            logger.HashCacheNotSaved(e.Message);
        }
        return new ScanResult(files, hashed, _settling.EndScan());
    }

    private async Task<(SharedFile? File, bool Fresh)> DescribeAsync(string name, SafeFileHandle handle, CancellationToken cancellationToken)
    {
        var (size, lastWrite) = Stamp(handle);
        if (_cache.TryGet(name, size, lastWrite, out var cached))
        {
            return (new SharedFile(name, size, cached.Sha256, lastWrite, cached.ChunkHashes), false);
        }
        if (!_settling.IsSettled(name, size, lastWrite))
        {
            logger.FileNotSettled(name);
            return (null, false);
        }

        var digest = await FileHasher.DigestAsync(handle, cancellationToken);
        if (Stamp(handle) != (size, lastWrite) || digest.Size != size)
        {
            // Still being written: it has to settle again, and a later scan hashes the finished file.
            _settling.Changed(name, size, lastWrite);
            logger.FileChangedWhileHashing(name);
            return (null, false);
        }
        return (new SharedFile(name, size, digest.Sha256, lastWrite, digest.ChunkHashes), true);
    }

    private static (long Size, DateTimeOffset LastWrite) Stamp(SafeFileHandle handle) =>
        (RandomAccess.GetLength(handle), new DateTimeOffset(File.GetLastWriteTimeUtc(handle), TimeSpan.Zero));

    private static (long Size, DateTimeOffset LastWrite) Stamp(FileInfo info)
    {
        var target = info.LinkTarget is null ? info : (FileInfo)info.ResolveLinkTarget(returnFinalTarget: true)!;
        return (target.Length, new DateTimeOffset(target.LastWriteTimeUtc, TimeSpan.Zero));
    }
}
