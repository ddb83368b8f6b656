namespace P2P.Peer.Downloads;

/// <summary>What <see cref="DownloadJobList{TJob}"/> needs to know of a job to bound and expire it.</summary>
public interface IListedDownload
{
    string Id { get; }

    bool IsFinished { get; }

    /// <summary>When the job finished; null while it runs (or in the instant between its state and its time being set).</summary>
    DateTimeOffset? FinishedAt { get; }
}
