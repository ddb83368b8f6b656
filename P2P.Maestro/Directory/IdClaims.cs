using Microsoft.Extensions.Options;

namespace P2P.Maestro.Directory;

/// <summary>
/// Which certificate each peer id belongs to: the one that last held it, for <see cref="MaestroOptions.IdGraceDays"/>
/// after it was last seen, across restarts of the Maestro (the reservations are persisted) and expired entries, so a
/// member cannot take over another node's id. A new reservation is saved at once; last-seen times are saved by the sweeper.
/// </summary>
public sealed class IdClaims
{
    // Last-seen times move at every heartbeat; saving them at this granularity keeps the grace exact to within it.
    private static readonly TimeSpan SaveStep = TimeSpan.FromHours(1);

    private readonly Dictionary<string, IdClaim> _claims;
    private readonly Dictionary<string, DateTimeOffset> _saved = new(StringComparer.Ordinal);
    private readonly IdClaimsFile _file;
    private readonly TimeSpan _grace;
    private readonly int _max;
    private readonly int _maxPerCertificate;
    private readonly ILogger<IdClaims> _logger;
    private readonly Lock _lock = new();
    private bool _dirty;

    public IdClaims(TimeProvider time, IOptions<MaestroOptions> options, ILogger<IdClaims> logger)
    {
        _grace = options.Value.IdGrace;
        _max = options.Value.MaxIdClaims;
        _maxPerCertificate = options.Value.MaxIdsPerCertificate;
        _logger = logger;
        _file = new IdClaimsFile(options.Value.StateDirectory, _max);
        _claims = _file.Load(time.GetUtcNow()).ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var claim in _claims.Values)
        {
            _saved[claim.Id] = claim.LastSeen;
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _claims.Count;
            }
        }
    }

    /// <summary>The fingerprint <paramref name="id"/> is reserved for, or null when it is free (never held, or past its grace).</summary>
    public string? HolderOf(string id, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _claims.TryGetValue(id, out var claim) && now - claim.LastSeen <= _grace ? claim.Fingerprint : null;
        }
    }

    /// <summary>
    /// Reserves <paramref name="id"/> for <paramref name="fingerprint"/>. A certificate keeps at most
    /// <see cref="MaestroOptions.MaxIdsPerCertificate"/> reservations, so that registering and leaving cannot reserve
    /// ids without end: beyond, its stalest one whose id is not <paramref name="isListed"/> makes room, as the stalest of
    /// all does when the reservations are full. False when none can.
    /// </summary>
    public bool Claim(string id, string fingerprint, DateTimeOffset now, Func<string, bool> isListed)
    {
        lock (_lock)
        {
            if (_claims.TryGetValue(id, out var known) && known.Fingerprint == fingerprint)
            {
                TouchLocked(known, now);
                return true;
            }
            var own = _claims.Values.Where(c => c.Fingerprint == fingerprint).ToList();
            if (own.Count >= _maxPerCertificate && !EvictStalestLocked(own, isListed))
            {
                return false;
            }
            if (known is null && _claims.Count >= _max && !EvictStalestLocked(_claims.Values, isListed))
            {
                return false;
            }
            _claims[id] = new IdClaim(id, fingerprint, now);
            SaveLocked();
            return true;
        }
    }

    /// <summary>Marks <paramref name="id"/>'s holder as seen now, which extends its reservation.</summary>
    public void Touch(string id, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_claims.TryGetValue(id, out var claim))
            {
                TouchLocked(claim, now);
            }
        }
    }

    /// <summary>Saves the reservations when last-seen times moved enough since the last save, dropping those past their grace.</summary>
    public void SaveIfChanged(DateTimeOffset now)
    {
        lock (_lock)
        {
            var before = _claims.Count;
            foreach (var stale in _claims.Values.Where(c => now - c.LastSeen > _grace).ToList())
            {
                _claims.Remove(stale.Id);
            }
            if (_dirty || _claims.Count != before)
            {
                SaveLocked();
            }
        }
    }

    private void TouchLocked(IdClaim claim, DateTimeOffset now)
    {
        _claims[claim.Id] = claim with { LastSeen = now };
        if (!_saved.TryGetValue(claim.Id, out var saved) || now - saved >= SaveStep)
        {
            _dirty = true;
        }
    }

    private bool EvictStalestLocked(IEnumerable<IdClaim> among, Func<string, bool> isListed)
    {
        var stalest = among.Where(c => !isListed(c.Id)).MinBy(c => c.LastSeen);
        return stalest is not null && _claims.Remove(stalest.Id);
    }

    private void SaveLocked()
    {
        try
        {
            _file.Save(_claims.Values);
            _saved.Clear();
            foreach (var claim in _claims.Values)
            {
                _saved[claim.Id] = claim.LastSeen;
            }
            _dirty = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Kept in memory and tried again at the next sweep; only a restart before then would lose the newest.
            _dirty = true;
            _logger.IdClaimsNotSaved(_file.Path, e.Message);
        }
    }
}
