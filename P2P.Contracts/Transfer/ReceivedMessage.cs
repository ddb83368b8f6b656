using System.Buffers;

namespace P2P.Contracts.Transfer.V1;

/// <summary>
/// One <c>FileChunk</c> message as a downloader receives it: the offset the source gives and its bytes, in an array
/// rented from <see cref="ArrayPool{T}.Shared"/> that the receiver copies out of and gives back by disposing the message.
/// </summary>
public sealed record ReceivedMessage(long Offset, byte[] Rented, int Length) : IDisposable
{
    public ReadOnlySpan<byte> Data => Rented.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => Rented.AsMemory(0, Length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(Rented);
}
