using System.Security.Cryptography;
using System.Threading.Channels;
using P2P.Transfer.Buffers;

namespace P2P.Transfer.Hashing;

/// <summary>
/// Computes the whole-file SHA-256 while the download runs, so the final check costs almost nothing after the last
/// chunk lands. Chunks arrive out of order: it follows the contiguous verified prefix, hashing each chunk from the
/// buffer it arrived in. Chunks ahead of the prefix wait in their buffers, at most <c>parkLimit</c> of them so the
/// streams always have buffers to fetch into; past that the farthest one is let go and read back from the partial
/// file when the prefix reaches it (as are the chunks a resumed download starts with).
/// </summary>
public sealed class PrefixHasher(IChunkReader partial, ChunkBufferPool buffers, int parkLimit)
{
    private readonly Channel<(int Chunk, ChunkBuffer? Buffer)> _ready =
        Channel.CreateUnbounded<(int, ChunkBuffer?)>(new UnboundedChannelOptions { SingleReader = true });
    private byte[]? _reread;

    /// <summary>A verified chunk is in the partial file; its buffer, if given, now belongs to the hasher.</summary>
    public void ChunkReady(int chunk, ChunkBuffer? buffer = null)
    {
        if (!_ready.Writer.TryWrite((chunk, buffer)) && buffer is not null)
        {
            buffers.Return(buffer);
        }
    }

    /// <summary>Runs until every chunk has been hashed; returns the lower-case hex SHA-256 of the whole file.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var manifest = partial.Manifest;
        var ready = new bool[manifest.ChunkCount];
        var parked = new SortedList<int, ChunkBuffer>();
        var next = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            while (next < ready.Length)
            {
                var (chunk, buffer) = await _ready.Reader.ReadAsync(cancellationToken);
                ready[chunk] = true;
                if (buffer is not null)
                {
                    parked.Add(chunk, buffer);
                }
                while (next < ready.Length && ready[next])
                {
                    await AppendAsync(hash, next, parked, cancellationToken);
                    next++;
                }
                if (parked.Count > parkLimit)
                {
                    // The farthest chunk is needed last: its buffer serves the streams better than it serves the hash.
                    buffers.Return(parked.GetValueAtIndex(parked.Count - 1));
                    parked.RemoveAt(parked.Count - 1);
                }
            }
        }
        finally
        {
            // Completed first, so a chunk handed over from now on is refused and given back by ChunkReady itself.
            _ready.Writer.TryComplete();
            _reread = null;
            foreach (var buffer in parked.Values)
            {
                buffers.Return(buffer);
            }
            while (_ready.Reader.TryRead(out var unread))
            {
                if (unread.Buffer is not null)
                {
                    buffers.Return(unread.Buffer);
                }
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task AppendAsync(IncrementalHash hash, int chunk, SortedList<int, ChunkBuffer> parked, CancellationToken cancellationToken)
    {
        var length = partial.Manifest.LengthOf(chunk);
        if (parked.Remove(chunk, out var buffer))
        {
            hash.AppendData(buffer.Memory.Span[..length]);
            buffers.Return(buffer);
            return;
        }
        // Not from the chunk pool: the streams may hold every pooled buffer while they wait for this hasher to take
        // theirs. One buffer of its own serves every read-back, since the hasher reads one chunk at a time.
        _reread ??= new byte[partial.Manifest.ChunkSize];
        await partial.ReadAsync(chunk, _reread, cancellationToken);
        hash.AppendData(_reread, 0, length);
    }
}
