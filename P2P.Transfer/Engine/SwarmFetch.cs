using System.Diagnostics;
using P2P.Transfer.Sources;
using P2P.Transfer.Swarm;

namespace P2P.Transfer.Engine;

/// <summary>
/// How a swarming download fetches: every source is watched for what it holds for as long as it is used, and while
/// the download has fewer sources than it could use it looks for more, after 1, 2 and 4 seconds and then every
/// <see cref="SwarmSettings.LookupInterval"/> (a crowd that starts together finds itself in the directory within a
/// second of its announces, while the seed has sent little), surveys them against the chosen manifest and starts
/// those that agree at once, each a "source joined" event on the
/// download's activity. With no source left it looks again as a download without swarming does, a few times.
/// </summary>
public sealed class SwarmFetch(
    SourceRoster roster, SourceSurvey survey, Func<string?, CancellationToken, Task<IReadOnlyList<SourceAddress>>> findSources,
    SwarmSettings settings, int streamsPerSource, TimeProvider time, Activity? activity)
{
    private readonly Dictionary<DownloadSource, Task> _running = [];

    public async Task RunAsync(DownloadContext context, IReadOnlyList<SourceSurvey.Candidate> agreeing, int discoveryRounds, CancellationToken token)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var complete = Task.Delay(Timeout.Infinite, context.Complete).ContinueWith(
            static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            Start(context, agreeing, joined: false, stop.Token, retryFailed: true);
            for (int round = 0, lookups = 0; !context.Plan.IsComplete;)
            {
                var active = _running.Values.Where(t => !t.IsCompleted).ToList();
                // With sources still running, one that failed waits for the round that finds none left, as without swarming.
                var retryFailed = active.Count == 0;
                if (retryFailed)
                {
                    if (round >= discoveryRounds)
                    {
                        throw new DownloadFailedException(roster.NoSourceLeft(context));
                    }
                    await Task.Delay(TimeSpan.FromSeconds(1 << round++), time, token);
                }
                else
                {
                    await Task.WhenAny(Task.WhenAll(active), Task.Delay(NextLookup(lookups++), time, token), complete);
                    token.ThrowIfCancellationRequested();
                    if (context.Plan.IsComplete || _running.Values.Count(t => !t.IsCompleted) >= DownloadContext.MaxStreams)
                    {
                        continue;
                    }
                }
                // Sources already fetching are not asked for their manifest again: it may be megabytes.
                var running = _running.Where(r => !r.Value.IsCompleted).Select(r => r.Key.GrpcUrl).ToHashSet();
                var located = (await findSources(context.Manifest.Sha256, token)).Where(l => !running.Contains(l.GrpcUrl)).ToList();
                Start(context, await survey.AgreeingWithAsync(context.Manifest, located, token), joined: true, stop.Token, retryFailed);
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await Task.WhenAll(_running.Values);
            }
            catch (OperationCanceledException)
            {
                // Sources still waiting (busy, or for an announcement) when the download ended.
            }
        }
    }

    /// <summary>The wait before lookup <paramref name="lookup"/> (from 0): doubling from a second up to the interval.</summary>
    private TimeSpan NextLookup(int lookup) =>
        TimeSpan.FromSeconds(Math.Min(settings.LookupInterval.TotalSeconds, 1 << Math.Min(lookup, 10)));

    private void Start(
        DownloadContext context, IReadOnlyList<SourceSurvey.Candidate> candidates, bool joined, CancellationToken token, bool retryFailed)
    {
        var fresh = roster.Enlist(
            candidates,
            s => _running.TryGetValue(s, out var task) && !task.IsCompleted || !retryFailed && s.Health.State == SourceState.Failed);
        if (fresh.Count == 0)
        {
            return;
        }
        var sources = _running.Values.Count(t => !t.IsCompleted) + fresh.Count;
        var streams = DownloadContext.StreamsPerSource(streamsPerSource, sources);
        context.Plan.ShareAmong(streams * sources);
        var chunksPerRun = DownloadContext.ChunksPerRun(streams * sources);
        foreach (var (source, candidate) in fresh)
        {
            if (joined)
            {
                activity?.AddEvent(new ActivityEvent("source joined", tags: new ActivityTagsCollection
                {
                    ["p2p.source.id"] = source.Id,
                    ["p2p.source.grpc_url"] = source.GrpcUrl,
                }));
            }
            var watch = new SourceWatch(source, candidate.Client, context.Availability!);
            _running[source] = RunSourceAsync(context, source, watch, streams, chunksPerRun, token);
        }
    }

    /// <summary>Learns what the source holds, then fetches from it while following its announcements; then what it holds stops counting.</summary>
    private async Task RunSourceAsync(
        DownloadContext context, DownloadSource source, SourceWatch watch, int streams, int chunksPerRun, CancellationToken token)
    {
        var call = await watch.StartAsync(context.Manifest, settings.OwnGrpcUrl, time, token);
        if (!source.IsUsable)
        {
            return;
        }
        using var following = CancellationTokenSource.CreateLinkedTokenSource(token);
        var follow = call is null ? Task.CompletedTask : watch.FollowAsync(call, context.Manifest.ChunkCount, following.Token);
        try
        {
            await source.RunAsync(context, streams, chunksPerRun, token);
        }
        finally
        {
            await following.CancelAsync();
            await follow;
            context.Availability!.Left(source.Key);
        }
    }
}
