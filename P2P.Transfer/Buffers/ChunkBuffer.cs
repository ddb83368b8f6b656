using System.Runtime.InteropServices;
using P2P.Transfer.Storage;

namespace P2P.Transfer.Buffers;

/// <summary>
/// Memory for one chunk, aligned for direct I/O: it starts on a <see cref="DirectIo.Alignment"/> boundary of an
/// array on the pinned heap (which never moves), so the partial file can take it straight to the disk.
/// </summary>
public sealed class ChunkBuffer
{
    public ChunkBuffer(int size)
    {
        var array = GC.AllocateUninitializedArray<byte>(size + DirectIo.Alignment, pinned: true);
        var pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        var address = pin.AddrOfPinnedObject();
        pin.Free();
        var offset = (int)((DirectIo.Alignment - (address % DirectIo.Alignment)) % DirectIo.Alignment);
        Memory = array.AsMemory(offset, size);
    }

    public Memory<byte> Memory { get; }
}
