namespace P2P.Maestro.Directory;

/// <summary>
/// What the directory's entries add up to (ids per certificate, (file, peer) entries) against its bounds, so one member
/// cannot grow it without end. Not thread-safe: used under the directory's write lock.
/// </summary>
internal sealed class DirectoryBudget(MaestroOptions limits)
{
    private readonly Dictionary<string, int> _idsByFingerprint = new(StringComparer.Ordinal);
    private long _entries;

    /// <summary>Why <paramref name="registration"/> may not replace <paramref name="previous"/> (null: a new id), or null when it may.</summary>
    public PeerWrite? Admit(Contracts.Maestro.PeerRegistration registration, string fingerprint, PeerRecord? previous, int peers)
    {
        if (previous?.Fingerprint != fingerprint && _idsByFingerprint.GetValueOrDefault(fingerprint) >= limits.MaxIdsPerCertificate)
        {
            return PeerWrite.TooManyIds;
        }
        if (previous is null && peers >= limits.MaxPeers)
        {
            return PeerWrite.DirectoryFull;
        }
        return _entries - (previous?.Files.Count ?? 0) + registration.Files.Count > limits.MaxFileEntries ? PeerWrite.DirectoryFull : null;
    }

    public void Add(PeerRecord record) => Count(record, +1);

    public void Remove(PeerRecord record) => Count(record, -1);

    private void Count(PeerRecord record, int sign)
    {
        _entries += sign * record.Files.Count;
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
