using System.Collections.Concurrent;

namespace P2P.Transfer.Buffers;

/// <summary>
/// The chunk buffers of one download: its whole in-memory footprint of file data. A stream waits here for a buffer
/// before it asks a source for a chunk, so a download never holds more than <see cref="Capacity"/> chunks in memory.
/// Buffers come from the process's <see cref="ChunkBufferCache"/> (or are made) on first use and are reused for the rest
/// of the download, then go back to the cache when it ends (<see cref="Close"/>): a finished download stays listed,
/// and must not keep its buffers.
/// </summary>
public sealed class ChunkBufferPool(int capacity, int chunkSize, ChunkBufferCache spare)
{
    private readonly SemaphoreSlim _available = new(capacity, capacity);
    private readonly ConcurrentBag<ChunkBuffer> _free = [];
    private volatile bool _closed;

    public int Capacity { get; } = capacity;

    public async ValueTask<ChunkBuffer> RentAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        return _free.TryTake(out var buffer) ? buffer : spare.TryTake(chunkSize) ?? new ChunkBuffer(chunkSize);
    }

    public void Return(ChunkBuffer buffer)
    {
        if (_closed)
        {
            spare.Keep(buffer);
        }
        else
        {
            _free.Add(buffer);
        }
        _available.Release();
    }

    /// <summary>Gives every free buffer, and every buffer returned from now on, back to the cache.</summary>
    public void Close()
    {
        _closed = true;
        while (_free.TryTake(out var buffer))
        {
            spare.Keep(buffer);
        }
    }
}
