using P2P.Transfer.Planning;

namespace P2P.Transfer.Sources;

/// <summary>
/// The runs of chunks asked for on one <c>Fetch</c> call and not yet delivered, oldest first, with the cursor in the
/// oldest: the chunk being received and the offset of the next byte due. A source answers the runs in the order asked,
/// so every byte it sends must be exactly at the cursor.
/// </summary>
public sealed class AskedRuns(DownloadManifest manifest)
{
    private readonly Queue<ChunkRun> _runs = new();

    public int Count => _runs.Count;

    /// <summary>The run whose bytes arrive now.</summary>
    public ChunkRun Oldest => _runs.Peek();

    /// <summary>The chunk whose bytes arrive now.</summary>
    public int Chunk { get; private set; }

    /// <summary>The offset in the file of the next byte the source must send.</summary>
    public long Position { get; private set; }

    public void Add(ChunkRun run)
    {
        if (_runs.Count == 0)
        {
            (Chunk, Position) = (run.First, manifest.OffsetOf(run.First));
        }
        _runs.Enqueue(run);
    }

    /// <summary>
    /// Moves the cursor past <paramref name="length"/> bytes at <paramref name="offset"/>; or, when they are not where
    /// the oldest run continues (elsewhere, or past its end), says why and leaves the cursor where it was.
    /// </summary>
    public string? Accept(long offset, int length)
    {
        var end = manifest.EndOf(Oldest);
        if (offset != Position || length > end - Position)
        {
            return $"sent bytes at offset {offset} outside the range [{manifest.OffsetOf(Oldest.First)}, {end}) it was asked for, at {Position}";
        }
        Position += length;
        return null;
    }

    /// <summary>The chunk at the cursor is complete: the cursor moves to the next, in this run or at the start of the next one.</summary>
    public void ChunkDone()
    {
        Chunk++;
        if (Chunk == Oldest.End)
        {
            _runs.Dequeue();
            if (_runs.TryPeek(out var next))
            {
                (Chunk, Position) = (next.First, manifest.OffsetOf(next.First));
            }
        }
    }

    /// <summary>The chunks asked for and not delivered: the oldest run's from the cursor on, and every later run whole.</summary>
    public IEnumerable<int> Undelivered()
    {
        var oldest = true;
        foreach (var run in _runs)
        {
            for (var chunk = oldest ? Chunk : run.First; chunk < run.End; chunk++)
            {
                yield return chunk;
            }
            oldest = false;
        }
    }
}
