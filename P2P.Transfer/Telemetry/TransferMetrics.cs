using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace P2P.Transfer.Telemetry;

/// <summary>
/// The transfer meter and activity source: bytes moved (in all, and per download and source), chunks verified or
/// rejected, transfers under way.
/// </summary>
public sealed class TransferMetrics
{
    public const string Name = "P2P.Transfer";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _downloadBytes;

    public TransferMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        BytesSent = meter.CreateCounter<long>("p2p.transfer.bytes_sent", "By", "File bytes served to other peers.");
        BytesReceived = meter.CreateCounter<long>("p2p.transfer.bytes_received", "By", "File bytes received from other peers (downloads and uploads).");
        ChunksVerified = meter.CreateCounter<long>("p2p.transfer.chunks_verified", "{chunk}", "Chunks whose SHA-256 matched the manifest.");
        ChunksRejected = meter.CreateCounter<long>("p2p.transfer.chunks_rejected", "{chunk}", "Chunks whose SHA-256 did not match; their source is dropped.");
        ActiveTransfers = meter.CreateUpDownCounter<int>("p2p.transfer.active", "{transfer}", "Downloads, uploads and served streams under way.");
        _downloadBytes = meter.CreateCounter<long>("p2p.transfer.download.bytes", "By",
            "Verified file bytes each download kept from each source; its rate is the download's speed from that source.");
    }

    /// <summary>Counts a verified chunk a download kept, by download and source, so the dashboard charts each one's rate.</summary>
    public void DownloadReceived(long bytes, string downloadId, string sourceId) =>
        _downloadBytes.Add(bytes, new TagList { { "p2p.download.id", downloadId }, { "p2p.source.id", sourceId } });

    public Counter<long> BytesSent { get; }

    public Counter<long> BytesReceived { get; }

    public Counter<long> ChunksVerified { get; }

    public Counter<long> ChunksRejected { get; }

    public UpDownCounter<int> ActiveTransfers { get; }
}
