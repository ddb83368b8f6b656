using P2P.Transfer.Sources;

namespace P2P.Transfer.Engine;

/// <summary>Every source a download has enlisted, for its status and so that a source is not enlisted twice at once. Thread-safe.</summary>
public sealed class SourceRoster
{
    private readonly List<DownloadSource> _sources = [];

    public IReadOnlyList<SourceStatus> Statuses
    {
        get
        {
            lock (_sources)
            {
                return _sources.Select(s => s.ToStatus()).ToArray();
            }
        }
    }

    /// <summary>
    /// Adds the candidates not <paramref name="inUse"/> and not dropped, each as a new source; a source that lied once is
    /// never asked again, one that failed or stopped may be back.
    /// </summary>
    public List<(DownloadSource Source, SourceSurvey.Candidate Candidate)> Enlist(
        IReadOnlyList<SourceSurvey.Candidate> candidates, Func<DownloadSource, bool> inUse)
    {
        var fresh = new List<(DownloadSource, SourceSurvey.Candidate)>();
        lock (_sources)
        {
            foreach (var candidate in candidates)
            {
                var url = candidate.Address.GrpcUrl;
                if (_sources.Any(s => s.GrpcUrl == url && (inUse(s) || s.IsCorrupt)))
                {
                    continue;
                }
                _sources.RemoveAll(s => s.GrpcUrl == url);
                var source = new DownloadSource(candidate.Address, candidate.Client);
                _sources.Add(source);
                fresh.Add((source, candidate));
            }
        }
        return fresh;
    }

    /// <summary>Why a download that ran out of sources failed, naming every source and what became of it.</summary>
    public string NoSourceLeft(DownloadContext context)
    {
        var missing = context.Plan.Missing();
        return $"No source could provide {missing.Count} of {context.Manifest.ChunkCount} chunks (first missing: {missing[0]}); " +
            $"{context.BytesDone} bytes are verified and kept for a later attempt. Sources: " +
            string.Join("; ", Statuses.Select(s => $"{s.Id} {s.State.ToString().ToLowerInvariant()}: {s.Error}"));
    }
}
