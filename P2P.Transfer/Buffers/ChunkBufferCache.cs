using System.Collections.Concurrent;

namespace P2P.Transfer.Buffers;

/// <summary>
/// Chunk buffers kept between downloads, so that one download after another reuses the same memory. Chunk buffers
/// live on the pinned heap, which only a full (gen2) collection reclaims: let go after every download, they piled up
/// until one came, and a peer's peak working set grew with the number of downloads it had run. Keeps at most
/// <see cref="Capacity"/> buffers of the usual chunk size; any other buffer is left to the collector.
/// </summary>
public sealed class ChunkBufferCache(int chunkSize, int capacity)
{
    private readonly ConcurrentBag<ChunkBuffer> _spare = [];
    private int _count;

    public int ChunkSize { get; } = chunkSize;

    public int Capacity { get; } = capacity;

    /// <summary>A kept buffer of <paramref name="size"/> bytes, or null when none is kept.</summary>
    public ChunkBuffer? TryTake(int size)
    {
        if (size != ChunkSize || !_spare.TryTake(out var buffer))
        {
            return null;
        }
        Interlocked.Decrement(ref _count);
        return buffer;
    }

    /// <summary>Keeps a buffer no download needs any more, unless the cache is full or the buffer is not of the usual size.</summary>
    public void Keep(ChunkBuffer buffer)
    {
        if (buffer.Memory.Length != ChunkSize)
        {
            return;
        }
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return;
        }
        _spare.Add(buffer);
    }
}
