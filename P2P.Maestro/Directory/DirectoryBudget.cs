namespace P2P.Maestro.Directory;

/// <summary>
/// What the directory's entries add up to (ids per certificate, (file, peer) entries) against its bounds, so one member
/// cannot grow it without end. Not thread-safe: used under the directory's write lock.
/// </summary>
internal sealed class DirectoryBudget(MaestroOptions limits)
{
    private readonly Dictionary<string, int> _idsByFingerprint = new(StringComparer.Ordinal);
    private long _entries;

    /// <summary>Why <paramref name="next"/> may not replace <paramref name="previous"/> (null: a new id), or null when it may.</summary>
    public PeerWrite? Admit(PeerRecord next, PeerRecord? previous, int peers)
    {
        if (previous?.Fingerprint != next.Fingerprint && _idsByFingerprint.GetValueOrDefault(next.Fingerprint) >= limits.MaxIdsPerCertificate)
        {
            return PeerWrite.TooManyIds;
        }
        if (previous is null && peers >= limits.MaxPeers)
        {
            return PeerWrite.DirectoryFull;
        }
        return _entries - (previous?.Entries ?? 0) + next.Entries > limits.MaxFileEntries ? PeerWrite.DirectoryFull : null;
    }

    /// <summary>Whether one more partial holding fits; counted with <see cref="Grow"/> once it is stored.</summary>
    public bool AdmitPartial() => _entries < limits.MaxFileEntries;

    /// <summary>Counts partial holdings added to (or, negative, taken from) a stored record.</summary>
    public void Grow(int entries) => _entries += entries;

    public void Add(PeerRecord record) => Count(record, +1);

    public void Remove(PeerRecord record) => Count(record, -1);

    private void Count(PeerRecord record, int sign)
    {
        _entries += sign * record.Entries;
        var ids = _idsByFingerprint.GetValueOrDefault(record.Fingerprint) + sign;
        if (ids > 0)
        {
            _idsByFingerprint[record.Fingerprint] = ids;
        }
        else
        {
            _idsByFingerprint.Remove(record.Fingerprint);
        }
    }
}
