namespace P2P.Transfer.Swarm;

/// <summary>
/// Which chunks of one version a peer holds, as a set of indexes, with BitTorrent's wire form (BEP 3): bit i is the
/// most significant bit first of byte i / 8, in exactly ceil(chunks / 8) bytes whose spare bits are clear. Not
/// thread-safe: its owner locks.
/// </summary>
public sealed class ChunkBitfield
{
    private readonly byte[] _bits;

    public ChunkBitfield(int chunkCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkCount);
        ChunkCount = chunkCount;
        _bits = new byte[WireLength(chunkCount)];
    }

    public int ChunkCount { get; }

    /// <summary>How many chunks are held.</summary>
    public int Count { get; private set; }

    public bool IsComplete => Count == ChunkCount;

    public static int WireLength(int chunkCount) => (chunkCount + 7) / 8;

    public static ChunkBitfield Full(int chunkCount)
    {
        var full = new ChunkBitfield(chunkCount);
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            full.Add(chunk);
        }
        return full;
    }

    public bool Has(int chunk) => (uint)chunk < (uint)ChunkCount && (_bits[chunk >> 3] & Mask(chunk)) != 0;

    /// <summary>Marks <paramref name="chunk"/> held; false when it already was.</summary>
    public bool Add(int chunk)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)chunk, (uint)ChunkCount, nameof(chunk));
        if (Has(chunk))
        {
            return false;
        }
        _bits[chunk >> 3] |= Mask(chunk);
        Count++;
        return true;
    }

    public byte[] ToWire() => (byte[])_bits.Clone();

    /// <summary>
    /// Reads a source's bitfield for a version of <paramref name="chunkCount"/> chunks; returns why it is unusable
    /// (wrong length, spare bits set), or null with the set in <paramref name="held"/>.
    /// </summary>
    public static string? Parse(ReadOnlySpan<byte> wire, int chunkCount, out ChunkBitfield held)
    {
        held = new ChunkBitfield(chunkCount);
        if (wire.Length != WireLength(chunkCount))
        {
            return $"its bitfield has {wire.Length} bytes where {WireLength(chunkCount)} are due for {chunkCount} chunks";
        }
        wire.CopyTo(held._bits);
        var spare = WireLength(chunkCount) * 8 - chunkCount;
        if (spare > 0 && (held._bits[^1] & ((1 << spare) - 1)) != 0)
        {
            return "its bitfield sets bits past the last chunk";
        }
        foreach (var b in held._bits)
        {
            held.Count += System.Numerics.BitOperations.PopCount(b);
        }
        return null;
    }

    private static byte Mask(int chunk) => (byte)(0x80 >> (chunk & 7));
}
