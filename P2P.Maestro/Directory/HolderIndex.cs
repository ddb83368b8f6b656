using System.Numerics;

namespace P2P.Maestro.Directory;

/// <summary>
/// The holders of each file name, in one open-addressed table: every name is stored once (the directory's records share
/// that instance), its holders as a sorted array of entries, a peer's slot doubled plus one for a partial holding (see
/// <see cref="Complete"/>, <see cref="Partial"/>). One writer at a time, under the directory's lock; readers take no lock
/// and see each name's array whole, old or new. The writer keeps it a superset of the truth (an entry is added before a
/// record holding it is stored, removed after), so each hit is confirmed against the peer's current record.
/// </summary>
public sealed class HolderIndex
{
    private const int MinCapacity = 16;

    // A removed name's mark, told apart by reference: a lookup never reaches it by equality with a real name.
    private static readonly string s_removed = new('/', 1);

    private Table _table = new(MinCapacity);

    // Arrays of one entry are shared by every name of one holder: most names have one, and none is ever changed in place.
    private int[]?[] _singles = new int[]?[MinCapacity];

    /// <summary>The names held by anyone, completely or partially.</summary>
    public int Names => Volatile.Read(ref _table).Live;

    /// <summary>The names that at least one holder shares complete.</summary>
    public int CompleteNames { get; private set; }

    public static int Complete(int slot) => slot << 1;

    public static int Partial(int slot) => (slot << 1) | 1;

    public static int SlotOf(int entry) => entry >> 1;

    /// <summary>The entries holding <paramref name="name"/>, sorted, each slot at most twice and side by side.</summary>
    public int[] Holders(string name)
    {
        var slots = Volatile.Read(ref _table).Slots;
        var mask = slots.Length - 1;
        for (var i = Hash(name) & mask; ; i = (i + 1) & mask)
        {
            var found = Volatile.Read(ref slots[i].Name);
            if (found is null)
            {
                return [];
            }
            if (!ReferenceEquals(found, s_removed) && string.Equals(found, name, StringComparison.Ordinal))
            {
                return Volatile.Read(ref slots[i].Holders) ?? [];
            }
        }
    }

    /// <summary>Adds <paramref name="entry"/> to the holders of <paramref name="name"/>; returns the name's one stored instance.</summary>
    public string Add(string name, int entry)
    {
        var table = _table;
        var at = Probe(table.Slots, name);
        if (at >= 0)
        {
            ref var slot = ref table.Slots[at];
            var holders = slot.Holders!;
            var index = Array.BinarySearch(holders, entry);
            if (index < 0)
            {
                CountComplete(holders, entry, +1);
                Volatile.Write(ref slot.Holders, Inserted(holders, ~index, entry));
            }
            return slot.Name!;
        }
        ref var free = ref table.Slots[~at];
        if (free.Name is null)
        {
            table.Used++;
        }
        Volatile.Write(ref free.Holders, Single(entry));
        Volatile.Write(ref free.Name, name);
        table.Live++;
        CountComplete([], entry, +1);
        if (table.Used * 4 > table.Slots.Length * 3)
        {
            Rebuild();
        }
        return name;
    }

    /// <summary>Takes <paramref name="entry"/> off the holders of <paramref name="name"/>, and the name itself with its last holder.</summary>
    public void Remove(string name, int entry)
    {
        var table = _table;
        var at = Probe(table.Slots, name);
        if (at < 0)
        {
            return;
        }
        ref var slot = ref table.Slots[at];
        var holders = slot.Holders!;
        var index = Array.BinarySearch(holders, entry);
        if (index < 0)
        {
            return;
        }
        var rest = Removed(holders, index);
        CountComplete(rest, entry, -1);
        if (rest.Length > 0)
        {
            Volatile.Write(ref slot.Holders, rest);
            return;
        }
        Volatile.Write(ref slot.Name, s_removed);
        slot.Holders = null;
        table.Live--;
        if (table.Slots.Length > MinCapacity && table.Live * 8 < table.Slots.Length)
        {
            Rebuild();
        }
    }

    private static int Hash(string name) => string.GetHashCode(name, StringComparison.Ordinal);

    /// <summary>The slot holding <paramref name="name"/>, or the complement of the first one free for it.</summary>
    private static int Probe(Slot[] slots, string name)
    {
        var mask = slots.Length - 1;
        var free = -1;
        for (var i = Hash(name) & mask; ; i = (i + 1) & mask)
        {
            var found = slots[i].Name;
            if (found is null)
            {
                return ~(free >= 0 ? free : i);
            }
            if (ReferenceEquals(found, s_removed))
            {
                free = free >= 0 ? free : i;
            }
            else if (string.Equals(found, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
    }

    /// <summary>Counts a name as complete when it gains its first complete holder, and no longer when it loses its last.</summary>
    private void CountComplete(int[] others, int entry, int sign)
    {
        if ((entry & 1) == 0 && !Array.Exists(others, static e => (e & 1) == 0))
        {
            CompleteNames += sign;
        }
    }

    private int[] Single(int entry)
    {
        if (entry >= _singles.Length)
        {
            Array.Resize(ref _singles, Math.Max(entry + 1, _singles.Length * 2));
        }
        return _singles[entry] ??= [entry];
    }

    private int[] Inserted(int[] holders, int at, int entry)
    {
        if (holders.Length == 0)
        {
            return Single(entry);
        }
        var next = new int[holders.Length + 1];
        holders.AsSpan(0, at).CopyTo(next);
        next[at] = entry;
        holders.AsSpan(at).CopyTo(next.AsSpan(at + 1));
        return next;
    }

    private int[] Removed(int[] holders, int at)
    {
        if (holders.Length <= 2)
        {
            return holders.Length == 1 ? [] : Single(holders[1 - at]);
        }
        var next = new int[holders.Length - 1];
        holders.AsSpan(0, at).CopyTo(next);
        holders.AsSpan(at + 1).CopyTo(next.AsSpan(at));
        return next;
    }

    /// <summary>A fresh table at twice the live names or more, without removal marks, published whole for the readers.</summary>
    private void Rebuild()
    {
        var old = _table;
        var next = new Table(Math.Max(MinCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)old.Live * 2)));
        foreach (var slot in old.Slots)
        {
            if (slot.Name is not null && !ReferenceEquals(slot.Name, s_removed))
            {
                next.Slots[~Probe(next.Slots, slot.Name)] = slot;
            }
        }
        next.Live = next.Used = old.Live;
        Volatile.Write(ref _table, next);
    }

    private struct Slot
    {
        public string? Name;
        public int[]? Holders;
    }

    private sealed class Table(int capacity)
    {
        public Slot[] Slots { get; } = new Slot[capacity];

        public int Live;

        public int Used;
    }
}
