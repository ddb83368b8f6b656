namespace P2P.Peer.Files;

/// <summary>
/// Decides when a new or changed file has stopped changing (<c>file_settle_ms</c>), so a file still being written is
/// not hashed and announced half-written. A file is settled once its modification time is that old, or once scans have
/// seen the same size and time for that long (which also settles a file whose time lies in the future).
/// </summary>
public sealed class FileSettling(TimeSpan settle, TimeProvider time)
{
    private Dictionary<string, Sighting> _seen = new(StringComparer.Ordinal);
    private Dictionary<string, Sighting> _seenThisScan = new(StringComparer.Ordinal);
    private DateTimeOffset? _nextDue;

    public void BeginScan()
    {
        _seenThisScan = new(StringComparer.Ordinal);
        _nextDue = null;
    }

    public bool IsSettled(string name, long size, DateTimeOffset lastWriteUtc)
    {
        var now = time.GetUtcNow();
        if (settle <= TimeSpan.Zero || now - lastWriteUtc >= settle)
        {
            return true;
        }
        var since = _seen.TryGetValue(name, out var seen) && seen.Size == size && seen.LastWriteUtc == lastWriteUtc ? seen.Since : now;
        if (now - since >= settle)
        {
            return true;
        }
        Wait(name, new Sighting(size, lastWriteUtc, since), Min(lastWriteUtc, since) + settle);
        return false;
    }

    /// <summary>Notes a file that changed while it was hashed: it has to settle again from now.</summary>
    public void Changed(string name, long size, DateTimeOffset lastWriteUtc)
    {
        if (settle > TimeSpan.Zero)
        {
            var now = time.GetUtcNow();
            Wait(name, new Sighting(size, lastWriteUtc, now), now + settle);
        }
    }

    /// <summary>Ends a scan: returns when the files it left out will have settled, or null when none was left out.</summary>
    public DateTimeOffset? EndScan()
    {
        // Only files still settling are remembered, so the map never outgrows the folder.
        _seen = _seenThisScan;
        return _nextDue;
    }

    private void Wait(string name, Sighting sighting, DateTimeOffset due)
    {
        _seenThisScan[name] = sighting;
        _nextDue = _nextDue is { } earlier && earlier < due ? earlier : due;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record Sighting(long Size, DateTimeOffset LastWriteUtc, DateTimeOffset Since);
}
