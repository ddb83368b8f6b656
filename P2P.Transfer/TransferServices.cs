using Microsoft.Extensions.Logging;
using P2P.Connections;
using P2P.Contracts.Files;
using P2P.Transfer.Buffers;
using P2P.Transfer.Swarm;
using P2P.Transfer.Telemetry;

namespace P2P.Transfer;

/// <summary>
/// What every download needs whoever runs it (a peer or the command line): channels, chunk buffers, counters, clock,
/// log, and the shelf its partial file is served from while it downloads (none for the command line).
/// </summary>
public sealed class TransferServices(
    PeerChannels channels, TransferMetrics metrics, TimeProvider time, ILogger<TransferServices> logger, IPartialShelf? shelf = null)
{
    public PeerChannels Channels { get; } = channels;

    /// <summary>Chunk buffers kept between downloads: as many as one download holds.</summary>
    public ChunkBufferCache Buffers { get; } = new(ChunkLayout.ChunkSize, DownloadContext.BufferedChunks);

    public TransferMetrics Metrics { get; } = metrics;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    public IPartialShelf Shelf { get; } = shelf ?? NoShelf.Instance;
}
