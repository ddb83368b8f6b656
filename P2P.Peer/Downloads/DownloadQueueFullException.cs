namespace P2P.Peer.Downloads;

/// <summary>A download was refused because as many as the peer takes are already running or queued.</summary>
public sealed class DownloadQueueFullException(int limit)
    : InvalidOperationException(
        $"{limit} downloads are already running or queued on this peer, the most it takes (max_queued_downloads); retry when one finishes.")
{
    public int Limit { get; } = limit;
}
