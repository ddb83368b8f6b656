using P2P.Transfer.Buffers;

namespace P2P.Transfer.Sources;

/// <summary>
/// The chunk a stream is putting together from a source's messages, which need not line up with chunks: one buffer,
/// rented when the chunk's first bytes arrive and handed on once it is full. A buffer still held is given back on dispose.
/// </summary>
public sealed class ChunkAssembly(ChunkBufferPool buffers) : IDisposable
{
    private ChunkBuffer? _buffer;

    /// <summary>The chunk's bytes received so far.</summary>
    public int Filled { get; private set; }

    /// <summary>Copies as much of <paramref name="data"/> as the chunk of <paramref name="length"/> bytes still takes; returns how much.</summary>
    public async ValueTask<int> FillAsync(ReadOnlyMemory<byte> data, int length, CancellationToken cancellationToken)
    {
        _buffer ??= await buffers.RentAsync(cancellationToken);
        var copied = Math.Min(length - Filled, data.Length);
        data.Span[..copied].CopyTo(_buffer.Memory.Span[Filled..]);
        Filled += copied;
        return copied;
    }

    /// <summary>The full chunk's buffer, still this assembly's until <see cref="HandedOver"/>.</summary>
    public ChunkBuffer Buffer => _buffer ?? throw new InvalidOperationException("No chunk is being put together.");

    /// <summary>The buffer now belongs to whoever took it; the next chunk starts empty.</summary>
    public void HandedOver()
    {
        _buffer = null;
        Filled = 0;
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            buffers.Return(_buffer);
            HandedOver();
        }
    }
}
