using Microsoft.Extensions.Options;
using P2P.Transfer.Storage;

namespace P2P.Peer.Files;

/// <summary>
/// The room the staging folder may take (<c>max_staging_bytes</c>): partial downloads, measured on the disk, and
/// uploads under way, counted by what they declared. Without it, downloads of large files anyone asks for, or partials
/// left behind, could fill the peer's disk outside every quota.
/// </summary>
public sealed class StagingSpace(StagingArea staging, IOptions<PeerOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _downloading = new(StringComparer.Ordinal);
    private long _uploading;

    /// <summary>
    /// Bytes staged: files on disk in the staging folder other than upload temporaries and the partials of running
    /// downloads, which count by their reservation (an upload's declared size, a download's whole size).
    /// </summary>
    public long DownloadBytes()
    {
        lock (_lock)
        {
            return OnDisk() + _downloading.Values.Sum();
        }
    }

    /// <summary>
    /// Reserves room for a download of <paramref name="size"/> bytes into <paramref name="partialPath"/> (which may hold
    /// a resumed part already, counted once) until the returned reservation is disposed.
    /// </summary>
    /// <exception cref="StagingFullException">The download does not fit beside what is already staged.</exception>
    public IDisposable ReserveDownload(string name, long size, string partialPath)
    {
        var limit = options.Value.MaxStagingBytes;
        lock (_lock)
        {
            if (_downloading.ContainsKey(partialPath))
            {
                // A second download of the version waits for the first's partial, whose room is already held.
                return NoReservation.Instance;
            }
            var staged = OnDisk(except: partialPath) + _downloading.Values.Sum() + _uploading;
            if (size > limit - staged)
            {
                throw new StagingFullException(
                    $"'{name}' is {size} bytes, but the staging folder has room for {Math.Max(limit - staged, 0)} more: it holds {staged} bytes " +
                    $"of unfinished transfers, and may hold {limit} (max_staging_bytes).");
            }
            _downloading[partialPath] = size;
        }
        return new ReleaseOnce(() =>
        {
            lock (_lock)
            {
                _downloading.Remove(partialPath);
            }
        });
    }

    /// <summary>Refuses to start a download while the staging folder is already full.</summary>
    /// <exception cref="StagingFullException">The staged bytes have reached <c>max_staging_bytes</c>.</exception>
    public void EnsureRoomForDownload(string name)
    {
        var limit = options.Value.MaxStagingBytes;
        lock (_lock)
        {
            var staged = OnDisk() + _downloading.Values.Sum() + _uploading;
            if (staged >= limit)
            {
                throw new StagingFullException(
                    $"Cannot start downloading '{name}': the staging folder already holds {staged} bytes of unfinished transfers, " +
                    $"the most it may (max_staging_bytes, {limit}). Finish or cancel other downloads first.");
            }
        }
    }

    /// <summary>Reserves room for an upload of <paramref name="size"/> bytes until the returned reservation is disposed.</summary>
    /// <exception cref="StagingFullException">The upload does not fit beside what is already staged.</exception>
    public IDisposable ReserveUpload(string name, long size)
    {
        var limit = options.Value.MaxStagingBytes;
        lock (_lock)
        {
            var staged = OnDisk() + _downloading.Values.Sum() + _uploading;
            // Subtracted rather than added: a declared size near long.MaxValue must not overflow past the check.
            if (size > limit - staged)
            {
                throw new StagingFullException(
                    $"'{name}' is {size} bytes, but the staging folder has room for {Math.Max(limit - staged, 0)} more: it holds {staged} bytes " +
                    $"of unfinished transfers, and may hold {limit} (max_staging_bytes).");
            }
            _uploading += size;
        }
        return new ReleaseOnce(() => Release(size));
    }

    /// <summary>Bytes of the staging folder's files, less upload temporaries and reserved partials. Under the lock.</summary>
    private long OnDisk(string? except = null)
    {
        if (!System.IO.Directory.Exists(staging.Root))
        {
            return 0;
        }
        return new DirectoryInfo(staging.Root).EnumerateFiles()
            .Where(f => !f.Name.StartsWith(StagingPath.UploadKeyPrefix, StringComparison.Ordinal)
                && f.FullName != except && !_downloading.ContainsKey(f.FullName))
            .Sum(f => f.Length);
    }

    private void Release(long size)
    {
        lock (_lock)
        {
            _uploading -= size;
        }
    }
}
