using Microsoft.Extensions.Options;
using P2P.Peer.Discovery;
using P2P.Peer.Files;
using P2P.Peer.Swarm;
using P2P.Transfer.Engine;

namespace P2P.Peer.Downloads;

/// <summary>What every download job needs from the peer, gathered so a job is constructed with one argument.</summary>
public sealed class DownloadServices(
    SourceFinder finder, StagingArea staging, StagingSpace space, TransferServices transfer, TimeProvider time, IOptions<PeerOptions> options,
    IOptions<SwarmOptions> swarm, ILogger<DownloadJob> logger)
{
    public SourceFinder Finder { get; } = finder;

    public StagingArea Staging { get; } = staging;

    public StagingSpace Space { get; } = space;

    /// <summary>Where a download stages and publishes, with its room reserved first.</summary>
    public RoomCheckedStaging Target { get; } = new(staging, space);

    public TransferServices Transfer { get; } = transfer;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    public int StreamsPerSource { get; } = options.Value.DownloadStreamsPerSource;

    /// <summary>How downloads swarm; null when <c>swarming</c> is off, so that they fetch from complete holders as before.</summary>
    public SwarmSettings? Swarm { get; } = swarm.Value.Swarming
        ? new SwarmSettings(TimeSpan.FromSeconds(swarm.Value.SwarmLookupSeconds), options.Value.AdvertisedGrpcUrl)
        : null;
}
