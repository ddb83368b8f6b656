using Microsoft.Extensions.Logging;

namespace P2P.Transfer;

/// <summary>What every download needs whoever runs it (a peer or the command line): channels, counters, clock and log.</summary>
public sealed class TransferServices(PeerChannels channels, TransferMetrics metrics, TimeProvider time, ILogger<TransferServices> logger)
{
    public PeerChannels Channels { get; } = channels;

    public TransferMetrics Metrics { get; } = metrics;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;
}
