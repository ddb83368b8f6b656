namespace P2P.Transfer.Planning;

/// <summary>
/// Which chunks of a download are missing, being fetched, received (verified, waiting to be written) or done; which
/// free chunks to fetch next is its <see cref="IChunkPicker"/>'s. Sources pull work, so a fast source takes more chunks
/// than a slow one. A source takes a run of consecutive chunks, asked for in one request, but never more than its share of what is
/// left, so every stream has work until the end. When nothing is missing but chunks are still in flight, an idle
/// source may fetch one of them a second time (the endgame), so one slow source cannot hold back the end of the
/// download; a received chunk is never fetched again. Thread-safe.
/// </summary>
public sealed class ChunkPlan : IPlanView
{
    /// <summary>At most this many sources fetch the same chunk at once in the endgame.</summary>
    public const int MaxFetchersPerChunk = 2;

    private readonly Lock _lock = new();
    private readonly bool[] _done;
    private readonly bool[] _received;
    private readonly bool[] _started;
    private readonly List<SourceKey>[] _fetchers;
    private readonly IChunkPicker _picker;
    private int _streams;
    private int _receivedCount;
    private int _doneCount;
    private int _nextMissingHint;

    /// <param name="streams">How many streams fetch at once: a run leaves free chunks for the others.</param>
    /// <param name="picker">Which free chunks go first; <see cref="LowestFirstPicker"/> unless given.</param>
    public ChunkPlan(int chunkCount, IEnumerable<int>? alreadyDone = null, int streams = 1, IChunkPicker? picker = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        _streams = streams;
        _picker = picker ?? LowestFirstPicker.Instance;
        _done = new bool[chunkCount];
        _received = new bool[chunkCount];
        _started = new bool[chunkCount];
        _fetchers = new List<SourceKey>[chunkCount];
        for (var i = 0; i < chunkCount; i++)
        {
            _fetchers[i] = [];
        }
        foreach (var chunk in alreadyDone ?? [])
        {
            if (!_done[chunk])
            {
                _done[chunk] = true;
                _doneCount++;
            }
        }
    }

    public int ChunkCount => _done.Length;

    /// <summary>Sets how many streams fetch at once from now on (the download's sources change between rounds).</summary>
    public void ShareAmong(int streams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        lock (_lock)
        {
            _streams = streams;
        }
    }

    public int DoneCount
    {
        get
        {
            lock (_lock)
            {
                return _doneCount;
            }
        }
    }

    public bool IsComplete => DoneCount == ChunkCount;

    public bool IsDone(int chunk)
    {
        lock (_lock)
        {
            return _done[chunk];
        }
    }

    /// <summary>
    /// Gives <paramref name="source"/> chunks to fetch: a run of up to <paramref name="maxChunks"/> free ones it holds,
    /// as the picker orders them; else, once no chunk is free (the endgame), one in-flight chunk it holds and is not
    /// already fetching. False when there is nothing for this source to do right now.
    /// </summary>
    public bool TryTake(SourceKey source, int maxChunks, out ChunkRun run)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunks, 1);
        lock (_lock)
        {
            if (_picker.Pick(this, source, maxChunks) is { } picked)
            {
                for (var chunk = picked.First; chunk < picked.End; chunk++)
                {
                    _fetchers[chunk].Add(source);
                    _started[chunk] = false;
                }
                if (picked.First == _nextMissingHint)
                {
                    _nextMissingHint = picked.End;
                }
                run = picked;
                return true;
            }

            // The endgame only once every missing chunk is being fetched: before, a second copy of a chunk in flight from
            // a slow source would waste what that source sends, when another source could fetch a free chunk instead.
            var best = -1;
            for (var i = 0; i < _done.Length && _picker.MayDouble(source); i++)
            {
                if (IsFree(i))
                {
                    run = new ChunkRun(-1, 1);
                    return false;
                }
                var fetchers = _fetchers[i];
                if (!_done[i] && !_received[i] && fetchers.Count is > 0 and < MaxFetchersPerChunk && !fetchers.Contains(source)
                    && (best < 0 || fetchers.Count < _fetchers[best].Count) && _picker.Holds(source, i))
                {
                    best = i;
                }
            }
            run = new ChunkRun(best, 1);
            if (best < 0)
            {
                return false;
            }
            _fetchers[best].Add(source);
            return true;
        }
    }

    /// <summary>
    /// Records a verified chunk from <paramref name="source"/>; true only for the first copy, the one to keep and write.
    /// A duplicate from the endgame is refused, and its fetcher released.
    /// </summary>
    public bool Receive(int chunk, SourceKey source)
    {
        lock (_lock)
        {
            _fetchers[chunk].Remove(source);
            if (_done[chunk] || _received[chunk])
            {
                return false;
            }
            _received[chunk] = true;
            _receivedCount++;
            return true;
        }
    }

    /// <summary>Records a received chunk as written to disk: from now on it is done.</summary>
    public void Complete(int chunk)
    {
        lock (_lock)
        {
            if (_received[chunk])
            {
                _received[chunk] = false;
                _receivedCount--;
                _done[chunk] = true;
                _doneCount++;
            }
        }
    }

    /// <summary>Gives back a received chunk that could not be written, so it counts as missing again.</summary>
    public void Unreceive(int chunk)
    {
        lock (_lock)
        {
            if (_received[chunk])
            {
                _received[chunk] = false;
                _receivedCount--;
            }
            _nextMissingHint = Math.Min(_nextMissingHint, chunk);
        }
    }

    /// <summary>Gives a chunk back after a failed or refused fetch, so another source can take it.</summary>
    public void Release(int chunk, SourceKey source)
    {
        lock (_lock)
        {
            _fetchers[chunk].Remove(source);
            if (IsFree(chunk))
            {
                _started[chunk] = true;
                _nextMissingHint = Math.Min(_nextMissingHint, chunk);
            }
        }
    }

    int IPlanView.HeldCount => _doneCount + _receivedCount;

    bool IPlanView.IsFree(int chunk) => IsFree(chunk);

    /// <summary>Missing, not received and fetched by nobody. Under the lock.</summary>
    private bool IsFree(int chunk) => !_done[chunk] && !_received[chunk] && _fetchers[chunk].Count == 0;

    bool IPlanView.WasStarted(int chunk) => _started[chunk];

    /// <summary>The lowest free chunk, from the hint on (every chunk below it is taken). Under the lock.</summary>
    int IPlanView.FirstFree()
    {
        for (var i = _nextMissingHint; i < _done.Length; i++)
        {
            if (IsFree(i))
            {
                _nextMissingHint = i;
                return i;
            }
        }
        _nextMissingHint = _done.Length;
        return -1;
    }

    int IPlanView.RunLimit(int first, int maxChunks) => Math.Min(maxChunks, Math.Max(1, FreeAhead(first, maxChunks * _streams) / _streams));

    /// <summary>
    /// The free chunks from <paramref name="first"/> on, counted up to <paramref name="enough"/> and over at most twice
    /// as many chunks, so a take costs the same at any point of a large file. Under the lock.
    /// </summary>
    private int FreeAhead(int first, int enough)
    {
        var free = 0;
        var end = (int)Math.Min(_done.Length, first + 2L * enough);
        for (var i = first; i < end && free < enough; i++)
        {
            if (IsFree(i))
            {
                free++;
            }
        }
        return free;
    }

    /// <summary>Every chunk not yet verified, in order.</summary>
    public IReadOnlyList<int> Missing()
    {
        lock (_lock)
        {
            return Enumerable.Range(0, _done.Length).Where(i => !_done[i]).ToList();
        }
    }
}
