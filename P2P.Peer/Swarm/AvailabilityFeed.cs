using System.Threading.Channels;

namespace P2P.Peer.Swarm;

/// <summary>
/// One Watch call's subscription to a <see cref="ShelfEntry"/>: the bitfield when it began, then each chunk verified
/// since, in <see cref="NewlyVerified"/>, which completes when the entry leaves the shelf.
/// </summary>
public sealed class AvailabilityFeed(byte[] bitfield, int heldAtStart, int chunkCount, ChannelReader<int> newlyVerified, Action unsubscribe)
    : IDisposable
{
    private Action? _unsubscribe = unsubscribe;

    /// <summary>The wire form (BEP 3) of the chunks held when the watch began.</summary>
    public byte[] Bitfield { get; } = bitfield;

    public int HeldAtStart { get; } = heldAtStart;

    public int ChunkCount { get; } = chunkCount;

    public ChannelReader<int> NewlyVerified { get; } = newlyVerified;

    public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
}
