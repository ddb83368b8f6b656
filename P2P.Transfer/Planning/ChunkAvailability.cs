namespace P2P.Transfer.Planning;

/// <summary>
/// Which of a download's sources hold which chunks, as their availability messages said, and how many hold each chunk
/// (what rarest first counts). A complete holder may also name the chunks it has sent least. Indexes are checked by
/// whoever reads them off the wire; here an index outside the file is a bug. Thread-safe.
/// </summary>
public sealed class ChunkAvailability(int chunkCount)
{
    private readonly Lock _lock = new();
    private readonly int[] _holders = new int[chunkCount];
    private readonly Dictionary<SourceKey, Holder> _sources = [];

    public int ChunkCount => _holders.Length;

    /// <summary><paramref name="source"/> holds <paramref name="held"/> (its bitfield), and nothing else so far.</summary>
    public void Joined(SourceKey source, IEnumerable<int> held)
    {
        lock (_lock)
        {
            LeftLocked(source);
            var holder = new Holder(new bool[_holders.Length]);
            _sources[source] = holder;
            foreach (var chunk in held)
            {
                AddLocked(holder, chunk);
            }
        }
    }

    /// <summary><paramref name="source"/> has verified <paramref name="chunk"/> since it joined.</summary>
    public void Has(SourceKey source, int chunk)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)chunk, (uint)_holders.Length, nameof(chunk));
        lock (_lock)
        {
            if (_sources.TryGetValue(source, out var holder))
            {
                AddLocked(holder, chunk);
            }
        }
    }

    /// <summary><paramref name="source"/> holds every chunk.</summary>
    public void Completed(SourceKey source)
    {
        lock (_lock)
        {
            if (_sources.TryGetValue(source, out var holder))
            {
                for (var chunk = 0; chunk < _holders.Length; chunk++)
                {
                    AddLocked(holder, chunk);
                }
            }
        }
    }

    /// <summary>The chunks a complete holder would rather send next, most wanted first; they replace what it suggested before.</summary>
    public void Suggested(SourceKey source, IReadOnlyList<int> chunks)
    {
        foreach (var chunk in chunks)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)chunk, (uint)_holders.Length, nameof(chunks));
        }
        lock (_lock)
        {
            if (_sources.TryGetValue(source, out var holder))
            {
                holder.Suggested = [.. chunks];
            }
        }
    }

    /// <summary><paramref name="source"/> is no longer used: what it holds no longer counts.</summary>
    public void Left(SourceKey source)
    {
        lock (_lock)
        {
            LeftLocked(source);
        }
    }

    public bool Holds(SourceKey source, int chunk)
    {
        lock (_lock)
        {
            return _sources.TryGetValue(source, out var holder) && (uint)chunk < (uint)_holders.Length && holder.Chunks[chunk];
        }
    }

    /// <summary>How many of the sources hold <paramref name="chunk"/>.</summary>
    public int HoldersOf(int chunk)
    {
        lock (_lock)
        {
            return _holders[chunk];
        }
    }

    /// <summary>Whether <paramref name="source"/> holds every chunk; null when it has not said what it holds.</summary>
    public bool? IsComplete(SourceKey source)
    {
        lock (_lock)
        {
            return _sources.TryGetValue(source, out var holder) ? holder.Count == _holders.Length : null;
        }
    }

    /// <summary>Whether some connected source holds only part of the file.</summary>
    public bool AnyPartial
    {
        get
        {
            lock (_lock)
            {
                return _sources.Values.Any(h => h.Count < _holders.Length);
            }
        }
    }

    /// <summary>What <paramref name="source"/> suggested, if it is a complete holder; empty otherwise.</summary>
    public IReadOnlyList<int> SuggestedBy(SourceKey source)
    {
        lock (_lock)
        {
            return _sources.TryGetValue(source, out var holder) && holder.Count == _holders.Length ? holder.Suggested : [];
        }
    }

    private void AddLocked(Holder holder, int chunk)
    {
        if (!holder.Chunks[chunk])
        {
            holder.Chunks[chunk] = true;
            holder.Count++;
            _holders[chunk]++;
        }
    }

    private void LeftLocked(SourceKey source)
    {
        if (!_sources.Remove(source, out var holder))
        {
            return;
        }
        for (var chunk = 0; chunk < _holders.Length; chunk++)
        {
            if (holder.Chunks[chunk])
            {
                _holders[chunk]--;
            }
        }
    }

    private sealed class Holder(bool[] chunks)
    {
        public bool[] Chunks { get; } = chunks;

        public int Count { get; set; }

        public int[] Suggested { get; set; } = [];
    }
}
