using Microsoft.Extensions.Options;

namespace P2P.Peer.Swarm;

/// <summary>
/// The downloaders served at once per file (<c>upload_slots_per_file</c>), round-robin: a downloader's streams share
/// one slot; one refused is a waiter while it keeps asking (within <see cref="Patience"/>), and a slot that frees goes
/// to the longest waiter first. A holder that has had its slot for <see cref="Turn"/> while others wait is told to
/// yield at its next range boundary, so nobody starves. Files are the served versions' sha256s: only a version this
/// peer holds ever gets here, so they need no bound of their own.
/// </summary>
public sealed class UploadSlots(IOptions<SwarmOptions> options, TimeProvider time)
{
    /// <summary>
    /// How long a downloader keeps a slot while others are refused: long enough that a call moves many chunks
    /// before it is ended, short enough that a crowd of twice the slots is served every few turns.
    /// </summary>
    public static readonly TimeSpan Turn = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A refused downloader keeps its place in line while it asks again within this (twice the default
    /// <c>swarm_lookup_seconds</c>, at which a download looks for sources again); one that went elsewhere is forgotten.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Waiters remembered per file; more are refused without a place in line.</summary>
    public const int MaxWaiters = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, FileSlots> _files = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes <paramref name="downloader"/>'s slot for <paramref name="file"/> (a further stream of a holder shares its
    /// slot); null when refused, with <paramref name="served"/> the downloaders holding one.
    /// </summary>
    public UploadSlot? TryTake(string file, string downloader, out int served)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var slots = _files.TryGetValue(file, out var known) ? known : _files[file] = new FileSlots();
            Forget(slots, now);
            served = slots.Holders.Count;
            if (slots.Holders.TryGetValue(downloader, out var holder))
            {
                if (holder.Rotated)
                {
                    return null;
                }
                holder.Streams++;
                return new UploadSlot(this, file, downloader);
            }
            var rank = slots.Waiters.FindIndex(w => w.Key == downloader);
            var place = rank < 0 ? slots.Waiters.Count : rank;
            if (place < options.Value.UploadSlotsPerFile - slots.Holders.Count)
            {
                if (rank >= 0)
                {
                    slots.Waiters.RemoveAt(rank);
                }
                slots.Holders[downloader] = new Holder { Since = now, Streams = 1 };
                return new UploadSlot(this, file, downloader);
            }
            if (rank >= 0)
            {
                slots.Waiters[rank].LastAsked = now;
            }
            else if (slots.Waiters.Count < MaxWaiters)
            {
                slots.Waiters.Add(new Waiter { Key = downloader, LastAsked = now });
            }
            return null;
        }
    }

    /// <summary>Whether the slot's holder must end its call now: its turn is over and a waiter has no free slot to take.</summary>
    internal bool MustYield(UploadSlot slot)
    {
        lock (_lock)
        {
            if (!_files.TryGetValue(slot.File, out var slots) || !slots.Holders.TryGetValue(slot.Downloader, out var holder))
            {
                return false;
            }
            if (holder.Rotated)
            {
                return true;
            }
            var now = time.GetTimestamp();
            Forget(slots, now);
            var unserved = slots.Waiters.Count - (options.Value.UploadSlotsPerFile - slots.Holders.Count) - slots.Holders.Values.Count(h => h.Rotated);
            if (unserved <= 0 || time.GetElapsedTime(holder.Since, now) < Turn)
            {
                return false;
            }
            // The holders longest in their slot go first, one for each waiter left without one.
            var due = slots.Holders.Values
                .Where(h => !h.Rotated && time.GetElapsedTime(h.Since, now) >= Turn)
                .OrderBy(h => h.Since)
                .Take(unserved);
            holder.Rotated = due.Contains(holder);
            return holder.Rotated;
        }
    }

    internal void Release(UploadSlot slot)
    {
        lock (_lock)
        {
            if (!_files.TryGetValue(slot.File, out var slots) || !slots.Holders.TryGetValue(slot.Downloader, out var holder) || --holder.Streams > 0)
            {
                return;
            }
            slots.Holders.Remove(slot.Downloader);
            if (slots.Holders.Count == 0 && slots.Waiters.Count == 0)
            {
                _files.Remove(slot.File);
            }
        }
    }

    private void Forget(FileSlots slots, long now) =>
        slots.Waiters.RemoveAll(w => time.GetElapsedTime(w.LastAsked, now) > Patience);

    private sealed class FileSlots
    {
        public Dictionary<string, Holder> Holders { get; } = new(StringComparer.Ordinal);

        /// <summary>Refused downloaders, the longest waiting first.</summary>
        public List<Waiter> Waiters { get; } = [];
    }

    private sealed class Holder
    {
        public long Since { get; init; }

        public int Streams { get; set; }

        public bool Rotated { get; set; }
    }

    private sealed class Waiter
    {
        public required string Key { get; init; }

        public long LastAsked { get; set; }
    }
}
