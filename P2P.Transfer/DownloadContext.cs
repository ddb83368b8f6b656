namespace P2P.Transfer;

/// <summary>What the sources of one download share: the manifest, the plan, the partial file, the memory budget and the counters.</summary>
public sealed class DownloadContext(PartialDownload partial, ChunkPlan plan, PrefixHasher hasher, RateMeter rate, TransferMetrics metrics, TimeProvider time)
{
    /// <summary>Verified-but-unwritten chunk buffers a download may hold: its whole in-memory footprint of file data.</summary>
    public const int BufferedChunks = 8;

    private long _bytesDone;

    public PartialDownload Partial { get; } = partial;

    public DownloadManifest Manifest => Partial.Manifest;

    public ChunkPlan Plan { get; } = plan;

    public TimeProvider Time { get; } = time;

    public TransferMetrics Metrics { get; } = metrics;

    public SemaphoreSlim Buffers { get; } = new(BufferedChunks, BufferedChunks);

    public long BytesDone => Interlocked.Read(ref _bytesDone);

    public double BytesPerSecond => rate.BytesPerSecond;

    public void Resumed(IEnumerable<int> chunks)
    {
        foreach (var chunk in chunks)
        {
            Interlocked.Add(ref _bytesDone, Manifest.LengthOf(chunk));
            hasher.ChunkReady(chunk);
        }
    }

    /// <summary>Records a chunk written to the partial file after its hash matched.</summary>
    public void ChunkStored(int chunk)
    {
        var length = Manifest.LengthOf(chunk);
        Interlocked.Add(ref _bytesDone, length);
        rate.Add(length);
        Metrics.ChunksVerified.Add(1);
        Metrics.BytesReceived.Add(length);
        hasher.ChunkReady(chunk);
    }
}
