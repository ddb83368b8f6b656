namespace P2P.Peer.Downloads;

/// <summary>
/// The peer's downloads by id, bounded because anyone may start one: at most <c>maxUnfinished</c> running or queued,
/// and finished ones kept for <c>retention</c> and at most <c>maxFinished</c> of them (the oldest dropped first).
/// Swept whenever it is read or added to, so it needs no timer of its own.
/// </summary>
public sealed class DownloadJobList<TJob>(TimeSpan retention, int maxFinished, int maxUnfinished, TimeProvider time)
    where TJob : class, IListedDownload
{
    private readonly Dictionary<string, TJob> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlyList<TJob> Snapshot()
    {
        lock (_lock)
        {
            Sweep();
            return [.. _jobs.Values];
        }
    }

    public TJob? Find(string id)
    {
        lock (_lock)
        {
            Sweep();
            return _jobs.GetValueOrDefault(id);
        }
    }

    /// <summary>The first unfinished job that <paramref name="match"/> accepts, else a new one from <paramref name="create"/>.</summary>
    /// <exception cref="DownloadQueueFullException">A new job is needed and <c>maxUnfinished</c> are already unfinished.</exception>
    public (TJob Job, bool Created) GetOrAdd(Func<TJob, bool> match, Func<TJob> create)
    {
        lock (_lock)
        {
            Sweep();
            var unfinished = _jobs.Values.Where(j => !j.IsFinished).ToList();
            if (unfinished.FirstOrDefault(match) is { } existing)
            {
                return (existing, false);
            }
            if (unfinished.Count >= maxUnfinished)
            {
                throw new DownloadQueueFullException(maxUnfinished);
            }
            var job = create();
            _jobs[job.Id] = job;
            return (job, true);
        }
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        var finished = _jobs.Values.Where(j => j.IsFinished).OrderBy(j => j.FinishedAt ?? now).ToList();
        // Expired first, then the oldest of the rest while there are more than may be kept.
        var expired = finished.TakeWhile(j => now - (j.FinishedAt ?? now) >= retention).Count();
        var drop = Math.Max(expired, finished.Count - maxFinished);
        foreach (var job in finished.Take(drop))
        {
            _jobs.Remove(job.Id);
        }
    }
}
