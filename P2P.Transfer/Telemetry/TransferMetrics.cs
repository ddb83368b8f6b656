using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace P2P.Transfer.Telemetry;

/// <summary>The transfer meter and activity source: bytes moved, chunks verified or rejected, transfers under way.</summary>
public sealed class TransferMetrics
{
    public const string Name = "P2P.Transfer";

    public static readonly ActivitySource ActivitySource = new(Name);

    public TransferMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        BytesSent = meter.CreateCounter<long>("p2p.transfer.bytes_sent", "By", "File bytes served to other peers.");
        BytesReceived = meter.CreateCounter<long>("p2p.transfer.bytes_received", "By", "File bytes received from other peers (downloads and uploads).");
        ChunksVerified = meter.CreateCounter<long>("p2p.transfer.chunks_verified", "{chunk}", "Chunks whose SHA-256 matched the manifest.");
        ChunksRejected = meter.CreateCounter<long>("p2p.transfer.chunks_rejected", "{chunk}", "Chunks whose SHA-256 did not match; their source is dropped.");
        ActiveTransfers = meter.CreateUpDownCounter<int>("p2p.transfer.active", "{transfer}", "Downloads, uploads and served streams under way.");
    }

    public Counter<long> BytesSent { get; }

    public Counter<long> BytesReceived { get; }

    public Counter<long> ChunksVerified { get; }

    public Counter<long> ChunksRejected { get; }

    public UpDownCounter<int> ActiveTransfers { get; }
}
