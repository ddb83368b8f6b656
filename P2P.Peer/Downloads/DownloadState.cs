namespace P2P.Peer.Downloads;

/// <summary>Where a download stands; written in JSON as <c>queued</c>, <c>running</c>, and so on.</summary>
public enum DownloadState
{
    Queued,
    Running,
    Verifying,
    Completed,
    Failed,
    Cancelled,
}
