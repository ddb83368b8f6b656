using System.Buffers;
using P2P.Contracts.Maestro;

namespace P2P.Maestro.Directory;

/// <summary>
/// The files one registration shares, as three arrays sorted by name: the name (the index's one instance once
/// <see cref="Index"/> has run), the size, and the SHA-256 as 32 bytes. Never changed once its record is stored.
/// </summary>
internal sealed class SharedFiles
{
    private const int HashBytes = 32;

    private readonly string[] _names;
    private readonly long[] _sizes;
    private readonly byte[] _sha256;

    /// <summary>Files already checked by <see cref="RegistrationValidator"/>: distinct names, SHA-256 as 64 hexadecimal digits.</summary>
    public SharedFiles(IReadOnlyList<SharedFileEntry> files)
    {
        _names = new string[files.Count];
        var order = new int[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            _names[i] = files[i].Name;
            order[i] = i;
        }
        Array.Sort(_names, order, StringComparer.Ordinal);
        _sizes = new long[files.Count];
        _sha256 = new byte[files.Count * HashBytes];
        for (var i = 0; i < order.Length; i++)
        {
            var file = files[order[i]];
            _sizes[i] = file.Size;
            Convert.FromHexString(file.Sha256, _sha256.AsSpan(i * HashBytes, HashBytes), out _, out _);
        }
    }

    public int Count => _names.Length;

    public string Name(int at) => _names[at];

    public long Size(int at) => _sizes[at];

    public string Sha256(int at) => Convert.ToHexStringLower(Hash(at));

    /// <summary>Where <paramref name="name"/> is, or a negative number when it is not shared.</summary>
    public int IndexOf(string name) => Array.BinarySearch(_names, name, StringComparer.Ordinal);

    /// <summary>Whether this exact version (64 lower-case hexadecimal digits) is shared under <paramref name="name"/>.</summary>
    public bool Shares(string name, string sha256)
    {
        Span<byte> wanted = stackalloc byte[HashBytes];
        var at = IndexOf(name);
        return at >= 0 && Convert.FromHexString(sha256, wanted, out _, out _) == OperationStatus.Done && Hash(at).SequenceEqual(wanted);
    }

    /// <summary>Adds every name to <paramref name="index"/> as held by <paramref name="entry"/>, keeping the index's instance.</summary>
    public void Index(HolderIndex index, int entry)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            _names[i] = index.Add(_names[i], entry);
        }
    }

    /// <summary>Takes <paramref name="entry"/> off the index for every name shared here but not in <paramref name="next"/>.</summary>
    public void Unindex(HolderIndex index, int entry, SharedFiles? next)
    {
        var kept = 0;
        foreach (var name in _names)
        {
            // Both sorted alike: one pass over the two finds the names the next registration no longer shares.
            while (next is not null && kept < next._names.Length && string.CompareOrdinal(next._names[kept], name) < 0)
            {
                kept++;
            }
            if (next is null || kept >= next._names.Length || !string.Equals(next._names[kept], name, StringComparison.Ordinal))
            {
                index.Remove(name, entry);
            }
        }
    }

    private ReadOnlySpan<byte> Hash(int at) => _sha256.AsSpan(at * HashBytes, HashBytes);
}
