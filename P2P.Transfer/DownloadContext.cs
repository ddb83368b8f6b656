namespace P2P.Transfer;

/// <summary>What the sources of one download share: the manifest, the plan, the partial file, its writer, the chunk buffers and the counters.</summary>
public sealed class DownloadContext : IDisposable
{
    /// <summary>Chunk buffers a download may hold: its whole in-memory footprint of file data (1 MiB each).</summary>
    public const int BufferedChunks = 16;

    /// <summary>Of those, how many may wait for the whole-file hash to reach them; the rest stay free for the streams.</summary>
    public const int ParkedChunks = BufferedChunks / 2;

    /// <summary>
    /// Chunk streams a download keeps open over all its sources together, whatever their number: each call carries
    /// several chunks, so a few streams keep the data flowing, and every stream more costs both peers CPU and holds up to
    /// a stream window of data in memory. With 8 (4 per source), a 1 GiB download from two sources used 0.5–0.8 CPU-s
    /// more than from one, and took longer. Half the buffers not parked, so the writer's queue has room too.
    /// </summary>
    public const int MaxStreams = (BufferedChunks - ParkedChunks) / 2;

    /// <summary>The most chunks one call asks for: 32 calls per GiB from a single stream.</summary>
    public const int MaxChunksPerCall = 32;

    /// <summary>The streams each of <paramref name="sources"/> sources gets: a fair share of <see cref="MaxStreams"/>, at most <paramref name="perSource"/>.</summary>
    public static int StreamsPerSource(int perSource, int sources) =>
        Math.Clamp((MaxStreams + sources - 1) / Math.Max(1, sources), 1, perSource);

    /// <summary>
    /// The chunks each call asks for while <paramref name="streams"/> streams run at once. The whole-file hash takes
    /// chunks in order; what the other streams deliver ahead of the chunk it waits for must wait in a parked buffer, or
    /// be let go and read back from the disk later. With s streams fetching runs of r chunks that is up to about s × r
    /// chunks, so runs are sized to fit <see cref="ParkedChunks"/>. A single stream delivers in order and gets the
    /// longest runs: a 1 GiB download from one source took a median 3.08 s with one stream of 32-chunk calls against
    /// 3.34 s with four streams of 4-chunk calls (12 runs each), which had read 50–90 chunks back from the disk and
    /// waited for buffers 300–400 times.
    /// </summary>
    public static int ChunksPerCall(int streams) => streams <= 1 ? MaxChunksPerCall : Math.Max(1, ParkedChunks / streams);

    private readonly RateMeter _rate;
    private long _bytesDone;

    public DownloadContext(PartialDownload partial, ChunkPlan plan, RateMeter rate, TransferMetrics metrics, TimeProvider time, ChunkBufferCache spare)
    {
        Partial = partial;
        Plan = plan;
        _rate = rate;
        Metrics = metrics;
        Time = time;
        Buffers = new ChunkBufferPool(BufferedChunks, partial.Manifest.ChunkSize, spare);
        Hasher = new PrefixHasher(partial, Buffers, ParkedChunks);
        Writer = new ChunkWriter(partial, ChunkStored, ChunkRefused);
    }

    public PartialDownload Partial { get; }

    public DownloadManifest Manifest => Partial.Manifest;

    public ChunkPlan Plan { get; }

    public TimeProvider Time { get; }

    public TransferMetrics Metrics { get; }

    public ChunkBufferPool Buffers { get; }

    public PrefixHasher Hasher { get; }

    public ChunkWriter Writer { get; }

    public long BytesDone => Interlocked.Read(ref _bytesDone);

    public double BytesPerSecond => _rate.BytesPerSecond;

    public void Resumed(IEnumerable<int> chunks)
    {
        foreach (var chunk in chunks)
        {
            Interlocked.Add(ref _bytesDone, Manifest.LengthOf(chunk));
            Hasher.ChunkReady(chunk);
        }
    }

    /// <summary>Hands a chunk the plan has received (verified, first copy) to the writer, with its buffer.</summary>
    public void Store(int chunk, ChunkBuffer buffer) => Writer.Enqueue(chunk, buffer);

    /// <summary>Stops the writer (after it writes what is queued) and gives the chunk buffers back to the cache.</summary>
    public void Dispose()
    {
        Writer.Dispose();
        Buffers.Close();
    }

    /// <summary>A chunk is on disk: it is done, and its buffer goes to the whole-file hash.</summary>
    private void ChunkStored(int chunk, ChunkBuffer buffer)
    {
        Plan.Complete(chunk);
        var length = Manifest.LengthOf(chunk);
        Interlocked.Add(ref _bytesDone, length);
        _rate.Add(length);
        Metrics.ChunksVerified.Add(1);
        Metrics.BytesReceived.Add(length);
        Hasher.ChunkReady(chunk, buffer);
    }

    private void ChunkRefused(int chunk, ChunkBuffer buffer)
    {
        Plan.Unreceive(chunk);
        Buffers.Return(buffer);
    }
}
