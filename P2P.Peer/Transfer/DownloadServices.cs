using Microsoft.Extensions.Options;
using P2P.Peer.Discovery;
using P2P.Peer.Files;

namespace P2P.Peer.Transfer;

/// <summary>What every download job needs from the peer, gathered so a job is constructed with one argument.</summary>
public sealed class DownloadServices(
    SourceFinder finder, FileCatalog catalog, StagingArea staging, PeerChannels channels, TransferMetrics metrics,
    TimeProvider time, IOptions<PeerOptions> options, ILogger<DownloadJob> logger)
{
    public SourceFinder Finder { get; } = finder;

    public FileCatalog Catalog { get; } = catalog;

    public StagingArea Staging { get; } = staging;

    public PeerChannels Channels { get; } = channels;

    public TransferMetrics Metrics { get; } = metrics;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    public int StreamsPerSource { get; } = options.Value.DownloadStreamsPerSource;
}
