using System.Collections.Concurrent;

namespace P2P.Transfer;

/// <summary>
/// The chunk buffers of one download: its whole in-memory footprint of file data. A stream waits here for a buffer
/// before it asks a source for a chunk, so a download never holds more than <see cref="Capacity"/> chunks in memory.
/// Buffers are made on first use and reused for the rest of the download, then let go when it ends
/// (<see cref="Close"/>): a finished download stays listed, and must not keep its buffers.
/// </summary>
public sealed class ChunkBufferPool(int capacity, int chunkSize)
{
    private readonly SemaphoreSlim _available = new(capacity, capacity);
    private readonly ConcurrentBag<ChunkBuffer> _free = [];
    private volatile bool _closed;

    public int Capacity { get; } = capacity;

    public async ValueTask<ChunkBuffer> RentAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        return _free.TryTake(out var buffer) ? buffer : new ChunkBuffer(chunkSize);
    }

    public void Return(ChunkBuffer buffer)
    {
        if (!_closed)
        {
            _free.Add(buffer);
        }
        _available.Release();
    }

    /// <summary>Lets every free buffer go, and every buffer returned from now on.</summary>
    public void Close()
    {
        _closed = true;
        _free.Clear();
    }
}
