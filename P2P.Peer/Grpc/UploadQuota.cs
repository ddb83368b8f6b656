using Microsoft.Extensions.Options;
using P2P.Peer.Files;

namespace P2P.Peer.Grpc;

/// <summary>
/// The room uploads have on this peer (<c>upload_quota_bytes</c>): the files already shared, the uploads under way and
/// a new one must fit in it together. Measured against the shared folder itself, it needs no bookkeeping of its own,
/// holds across restarts, and frees up as files are deleted. An upload must also fit in the staging folder beside the
/// partial downloads there (<c>max_staging_bytes</c>, see <see cref="StagingSpace"/>).
/// </summary>
public sealed class UploadQuota(FileCatalog catalog, StagingSpace staging, IOptions<PeerOptions> options)
{
    private readonly Lock _lock = new();
    private long _reserved;

    /// <summary>Reserves room for an upload of <paramref name="size"/> bytes until the returned reservation is disposed.</summary>
    /// <exception cref="Grpc.Core.RpcException">ResourceExhausted when the upload does not fit.</exception>
    public IDisposable Reserve(string name, long size)
    {
        var quota = options.Value.UploadQuotaBytes;
        lock (_lock)
        {
            var shared = catalog.Files.Sum(f => f.Size);
            // Subtracted rather than added: a declared size near long.MaxValue must not overflow past the check.
            var free = quota - shared - _reserved;
            if (size > free)
            {
                throw RpcErrors.ResourceExhausted(
                    $"'{name}' is {size} bytes, but this peer has room for {Math.Max(free, 0)} more: it shares {shared} bytes, " +
                    $"{_reserved} are being uploaded, and uploads may fill it to {quota} (upload_quota_bytes).");
            }
            IDisposable staged;
            try
            {
                staged = staging.ReserveUpload(name, size);
            }
            catch (StagingFullException e)
            {
                throw RpcErrors.ResourceExhausted(e.Message);
            }
            _reserved += size;
            return new ReleaseOnce(() =>
            {
                Release(size);
                staged.Dispose();
            });
        }
    }

    // Once published, the file counts through the catalog; until then, through the reservation.
    private void Release(long size)
    {
        lock (_lock)
        {
            _reserved -= size;
        }
    }
}
