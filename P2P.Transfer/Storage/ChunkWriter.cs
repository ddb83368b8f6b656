using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using P2P.Transfer.Buffers;

namespace P2P.Transfer.Storage;

/// <summary>
/// Writes a download's verified chunks to its partial file on a thread of its own, so a stream hands its chunk over
/// and goes on fetching while the disk works, and no pool thread ever blocks on a write. A chunk counts as done only
/// once it is written. The first failed write stops the download: <see cref="Failed"/> is cancelled, later chunks are
/// given back unwritten, and <see cref="ThrowIfFailed"/> rethrows the error for the download to report.
/// </summary>
public sealed class ChunkWriter : IDisposable
{
    private readonly BlockingCollection<(int Chunk, ChunkBuffer Buffer)> _queue = [];
    private readonly CancellationTokenSource _failed = new();
    private readonly PartialDownload _partial;
    private readonly Action<int, ChunkBuffer> _written;
    private readonly Action<int, ChunkBuffer> _refused;
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;
    private int _disposed;

    /// <param name="written">Called on the writer's thread after a chunk is on disk; the buffer goes with it.</param>
    /// <param name="refused">Called for a chunk not written because an earlier write failed; the buffer goes with it.</param>
    public ChunkWriter(PartialDownload partial, Action<int, ChunkBuffer> written, Action<int, ChunkBuffer> refused)
    {
        _partial = partial;
        _written = written;
        _refused = refused;
        _thread = new Thread(Run) { IsBackground = true, Name = "P2P chunk writer" };
        _thread.Start();
    }

    /// <summary>Cancelled when a write fails.</summary>
    public CancellationToken Failed => _failed.Token;

    /// <summary>Queues a verified chunk for writing; the writer owns <paramref name="buffer"/> from now on. Not after <see cref="Dispose"/>.</summary>
    public void Enqueue(int chunk, ChunkBuffer buffer) => _queue.Add((chunk, buffer));

    public void ThrowIfFailed() => Volatile.Read(ref _failure)?.Throw();

    /// <summary>Writes what is queued (the verified chunks a resumed download will keep), then stops the thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private void Run()
    {
        foreach (var (chunk, buffer) in _queue.GetConsumingEnumerable())
        {
            if (Volatile.Read(ref _failure) is not null)
            {
                _refused(chunk, buffer);
                continue;
            }
            try
            {
                _partial.Write(chunk, buffer);
            }
            catch (Exception e)
            {
                // Whatever the write threw ends the download, reported on the download's own path: escaping this
                // thread it would end the process instead.
                Volatile.Write(ref _failure, ExceptionDispatchInfo.Capture(e));
                _refused(chunk, buffer);
                _failed.Cancel();
                continue;
            }
            _written(chunk, buffer);
        }
    }
}
