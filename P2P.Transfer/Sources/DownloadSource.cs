using System.Diagnostics;
using P2P.Contracts.Transfer.V1;
using P2P.Transfer.Planning;
using P2P.Transfer.Telemetry;

namespace P2P.Transfer.Sources;

/// <summary>
/// One peer a download takes chunks from, over one or more concurrent streams (each a <see cref="SourceFetch"/>), and
/// what it has done for the download: its health, its kind and its span. A source that sends a chunk whose hash does
/// not match the manifest is dropped for good; one that keeps failing (unreachable, stopped) is set aside, and its
/// chunks go back to the plan for the other sources. One that is busy (its upload slots taken) is asked again later.
/// </summary>
public sealed class DownloadSource(SourceAddress address, FileTransfer.FileTransferClient client)
{
    /// <summary>How long a busy source is left alone before it is asked again.</summary>
    public static readonly TimeSpan BusyPause = TimeSpan.FromSeconds(3);

    /// <summary>Busy answers in a row, with nothing delivered between them, that count as one failure.</summary>
    public const int BusyPerFailure = 10;

    private volatile int _announced;
    private int _busy;

    public string Id => address.Id;

    public string GrpcUrl => address.GrpcUrl;

    /// <summary>This source's place in the plan: its own, since a remote party can claim any peer id, another source's too.</summary>
    public SourceKey Key { get; } = new(address.Id);

    public SourceHealth Health { get; } = new();

    public bool IsUsable => Health.State == SourceState.Active;

    public bool IsCorrupt => Health.State == SourceState.Dropped;

    /// <summary>It answered <c>Watch</c>: it speaks the swarm's protocol, so a RESOURCE_EXHAUSTED from it means busy.</summary>
    public bool IsWatched => _announced != 0;

    /// <summary>What its availability says it holds: every chunk, or part of them.</summary>
    public void Announced(bool complete) => _announced = complete ? 1 : 2;

    public SourceStatus ToStatus()
    {
        var kind = _announced switch
        {
            1 => SourceKind.Complete,
            2 => SourceKind.Partial,
            _ => address.Partial ? SourceKind.Partial : SourceKind.Complete,
        };
        return new(Id, GrpcUrl, Health.State, Health.Chunks, Health.Bytes, Health.Error, kind);
    }

    /// <summary>
    /// Fetches chunks over <paramref name="streams"/> streams, in runs of up to <paramref name="chunksPerRun"/>
    /// consecutive ones, until the plan is complete or this source is set aside, as one span: what a source did for a
    /// download (chunks, bytes, why it stopped) is the trace's level of detail. A stream is one <c>Fetch</c> call for the
    /// whole download and a run one request on it, since a call per run costs both peers a new HTTP/2 stream.
    /// </summary>
    public async Task RunAsync(DownloadContext download, int streams, int chunksPerRun, CancellationToken cancellationToken)
    {
        using var activity = TransferMetrics.ActivitySource.StartActivity("p2p.transfer.source");
        activity?.DisplayName = $"fetch {download.Manifest.File} from {Id}";
        activity?.SetTag("p2p.source.id", Id);
        activity?.SetTag("p2p.source.grpc_url", GrpcUrl);
        activity?.SetTag("p2p.source.streams", streams);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => StreamAsync(download, chunksPerRun, cancellationToken)));
        }
        finally
        {
            activity?.SetTag("p2p.source.chunks", Health.Chunks);
            activity?.SetTag("p2p.source.bytes", Health.Bytes);
            activity?.SetTag("p2p.source.state", Health.State.ToString().ToLowerInvariant());
            activity?.SetTag("p2p.source.kind", ToStatus().Kind.ToString().ToLowerInvariant());
            if (!IsUsable)
            {
                activity?.SetStatus(ActivityStatusCode.Error, Health.Error);
            }
        }
    }

    /// <summary>One stream: a <c>Fetch</c> call for the whole download, and another after a failure this source may retry.</summary>
    private async Task StreamAsync(DownloadContext download, int chunksPerRun, CancellationToken cancellationToken)
    {
        while (IsUsable && !download.Plan.IsComplete)
        {
            switch (await new SourceFetch(this, client, download).RunAsync(chunksPerRun, cancellationToken))
            {
                case SourceFetch.End.Idle:
                    return;
                case SourceFetch.End.Busy:
                    if (Interlocked.Increment(ref _busy) % BusyPerFailure == 0)
                    {
                        Health.Fail(new FetchFailure($"ResourceExhausted: busy {BusyPerFailure} times in a row", false));
                    }
                    await Task.Delay(BusyPause, download.Time, cancellationToken);
                    break;
                default:
                    Volatile.Write(ref _busy, 0);
                    break;
            }
        }
    }
}
