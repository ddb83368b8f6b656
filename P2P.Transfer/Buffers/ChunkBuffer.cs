using System.Runtime.InteropServices;

namespace P2P.Transfer.Buffers;

/// <summary>
/// Memory for one chunk, aligned for direct I/O: it starts on a <see cref="Alignment"/> boundary of an
/// array on the pinned heap (which never moves), so the partial file can take it straight to the disk.
/// </summary>
public sealed class ChunkBuffer
{
    /// <summary>The boundary direct I/O needs for its memory, offsets and lengths.</summary>
    public const int Alignment = 4096;

    public ChunkBuffer(int size)
    {
        var array = GC.AllocateUninitializedArray<byte>(size + Alignment, pinned: true);
        var pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        var address = pin.AddrOfPinnedObject();
        pin.Free();
        var offset = (int)((Alignment - (address % Alignment)) % Alignment);
        Memory = array.AsMemory(offset, size);
    }

    public Memory<byte> Memory { get; }
}
