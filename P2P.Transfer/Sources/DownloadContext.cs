using P2P.Transfer.Buffers;
using P2P.Transfer.Hashing;
using P2P.Transfer.Planning;
using P2P.Transfer.Storage;
using P2P.Transfer.Telemetry;

namespace P2P.Transfer.Sources;

/// <summary>What the sources of one download share: the manifest, the plan, the partial file, its writer, the chunk buffers and the counters.</summary>
public sealed class DownloadContext : IDisposable
{
    /// <summary>Chunk buffers a download may hold: its whole in-memory footprint of file data (1 MiB each).</summary>
    public const int BufferedChunks = 16;

    /// <summary>Of those, how many may wait for the whole-file hash to reach them; the rest stay free for the streams.</summary>
    public const int ParkedChunks = BufferedChunks / 2;

    /// <summary>
    /// Chunk streams a download keeps open over all its sources together, whatever their number: each stream is one
    /// call that asks for several chunks at a time, so a few streams keep the data flowing, and every stream more costs
    /// both peers CPU and holds up to a stream window of data in memory (bench/results.md). Half the buffers not parked,
    /// so the writer's queue has room too.
    /// </summary>
    public const int MaxStreams = (BufferedChunks - ParkedChunks) / 2;

    /// <summary>The most chunks one request asks for: 32 requests per GiB from a single stream.</summary>
    public const int MaxChunksPerRun = 32;

    /// <summary>
    /// Runs a stream has asked for at once: the one arriving and the next, already queued at the source when the first
    /// ends, so the source never waits for a request.
    /// </summary>
    public const int RunsInFlight = 2;

    /// <summary>
    /// The streams each of <paramref name="sources"/> sources gets: a fair share of <see cref="MaxStreams"/>, at most
    /// <paramref name="perSource"/>.
    /// </summary>
    public static int StreamsPerSource(int perSource, int sources) =>
        Math.Clamp((MaxStreams + sources - 1) / Math.Max(1, sources), 1, perSource);

    /// <summary>
    /// The chunks each request asks for while <paramref name="streams"/> streams run at once. The whole-file hash takes
    /// chunks in order; what the other streams deliver ahead of the chunk it waits for must wait in a parked buffer, or
    /// be let go and read back from the disk later. With s streams each with <see cref="RunsInFlight"/> runs of r chunks
    /// asked for, that is up to about s × 2 × r chunks, so runs are sized to fit <see cref="ParkedChunks"/>. A run costs
    /// a request message, not a call, so short runs are cheap. A single stream delivers in order, so it gets the longest
    /// runs.
    /// </summary>
    public static int ChunksPerRun(int streams) => streams <= 1 ? MaxChunksPerRun : Math.Max(1, ParkedChunks / (RunsInFlight * streams));

    private readonly RateMeter _rate;
    private readonly Action<int>? _onDisk;
    private readonly CancellationTokenSource _complete = new();
    private long _bytesDone;

    /// <param name="availability">What each source holds, when the download swarms; null when every source holds every chunk.</param>
    /// <param name="onDisk">Told of each chunk once it is verified and on disk (the shelf serves it from then on).</param>
    public DownloadContext(
        PartialDownload partial, ChunkPlan plan, RateMeter rate, TransferMetrics metrics, TimeProvider time, ChunkBufferCache spare,
        ChunkAvailability? availability = null, Action<int>? onDisk = null)
    {
        Availability = availability;
        _onDisk = onDisk;
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

    /// <summary>What each source holds, when the download swarms; null when every source holds every chunk.</summary>
    public ChunkAvailability? Availability { get; }

    public TimeProvider Time { get; }

    public TransferMetrics Metrics { get; }

    public ChunkBufferPool Buffers { get; }

    public PrefixHasher Hasher { get; }

    public ChunkWriter Writer { get; }

    /// <summary>
    /// Cancelled once every chunk is written: a stream still waiting for a source then (one whose chunks the endgame
    /// landed from another) stops, rather than hold the download until that source sends or falls silent for good.
    /// </summary>
    public CancellationToken Complete => _complete.Token;

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
        _complete.Dispose();
    }

    /// <summary>A chunk is on disk: it is done, and its buffer goes to the whole-file hash.</summary>
    private void ChunkStored(int chunk, ChunkBuffer buffer)
    {
        Plan.Complete(chunk);
        _onDisk?.Invoke(chunk);
        var length = Manifest.LengthOf(chunk);
        Interlocked.Add(ref _bytesDone, length);
        _rate.Add(length);
        Metrics.ChunksVerified.Add(1);
        Metrics.BytesReceived.Add(length);
        Hasher.ChunkReady(chunk, buffer);
        if (Plan.IsComplete)
        {
            _complete.Cancel();
        }
    }

    private void ChunkRefused(int chunk, ChunkBuffer buffer)
    {
        Plan.Unreceive(chunk);
        Buffers.Return(buffer);
    }
}
