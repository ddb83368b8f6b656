using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;

namespace P2P.Maestro.Directory;

/// <summary>
/// The central index: peers by id, and peer ids by file name so a lookup costs O(holders), never a scan of peers.
/// Writers serialise on one lock; readers take no lock. The name index is kept a superset of the truth
/// (names are added before a record is swapped in and removed after), and every hit is confirmed
/// against the peer's current immutable record, so lookups never see half a registration.
/// Its size is bounded: ids per certificate, peers, (file, peer) entries; and an id stays its certificate's across restarts.
/// </summary>
public sealed class PeerDirectory(TimeProvider time, IOptions<MaestroOptions> options, IdClaims claims)
{
    private readonly ConcurrentDictionary<string, PeerRecord> _peers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _holdersByName = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();
    private readonly DirectoryBudget _budget = new(options.Value);
    private readonly TimeSpan _ttl = options.Value.PeerTtl;
    private readonly int _maxLocations = options.Value.MaxLocations;

    /// <summary>
    /// Stores a peer's whole state. A live entry is replaced only for the holder of its lease token, who keeps it; a new
    /// entry, or one past its TTL, is claimed with a fresh token by the certificate its id is reserved for (or any, when
    /// free), within the directory's bounds. <paramref name="fingerprint"/> is the registering TLS session's, reported with
    /// every location.
    /// </summary>
    public RegistrationOutcome Register(PeerRegistration registration, string fingerprint, string? leaseToken)
    {
        var now = time.GetUtcNow();
        lock (_writeLock)
        {
            var known = _peers.TryGetValue(registration.Id, out var previous);
            string lease;
            if (previous is not null && previous.IsLive(now, _ttl))
            {
                if (!previous.IsOwnedBy(leaseToken))
                {
                    return Refused(PeerWrite.NotOwner);
                }
                lease = previous.LeaseToken;
            }
            else if (claims.HolderOf(registration.Id, now) is { } holder && holder != fingerprint)
            {
                return Refused(PeerWrite.IdClaimed, holder);
            }
            else
            {
                lease = NewLeaseToken();
            }

            if (_budget.Admit(registration, fingerprint, previous, _peers.Count) is { } refusal)
            {
                return Refused(refusal);
            }
            if (!claims.Claim(registration.Id, fingerprint, now, _peers.ContainsKey))
            {
                return Refused(PeerWrite.DirectoryFull);
            }

            var record = new PeerRecord(registration, fingerprint, lease, now);
            foreach (var name in record.Files.Keys)
            {
                _holdersByName.GetOrAdd(name, static _ => new(StringComparer.Ordinal)).TryAdd(record.Id, 0);
            }
            _peers[record.Id] = record;
            _budget.Add(record);

            if (previous is not null)
            {
                _budget.Remove(previous);
                foreach (var name in previous.Files.Keys)
                {
                    if (!record.Files.ContainsKey(name))
                    {
                        RemoveHolder(name, record.Id);
                    }
                }
            }
            return new RegistrationOutcome(PeerWrite.Done, lease, known, previous?.Fingerprint);
        }
    }

    /// <summary>Marks a peer as seen now, for the holder of its lease token; Unknown tells the peer to register again.</summary>
    public PeerWrite Heartbeat(string id, string? leaseToken)
    {
        if (!_peers.TryGetValue(id, out var record))
        {
            return PeerWrite.Unknown;
        }
        if (!record.IsOwnedBy(leaseToken))
        {
            return PeerWrite.NotOwner;
        }
        var now = time.GetUtcNow();
        record.Touch(now);
        claims.Touch(id, now);
        return PeerWrite.Done;
    }

    /// <summary>Removes a peer's entry, for the holder of its lease token.</summary>
    public PeerWrite Remove(string id, string? leaseToken)
    {
        lock (_writeLock)
        {
            if (!_peers.TryGetValue(id, out var record))
            {
                return PeerWrite.Unknown;
            }
            if (!record.IsOwnedBy(leaseToken))
            {
                return PeerWrite.NotOwner;
            }
            RemoveLocked(id);
            return PeerWrite.Done;
        }
    }

    /// <summary>Empties the directory, as a restart would; the peers register again at their next heartbeat. Returns how many entries it held.</summary>
    public int Clear()
    {
        lock (_writeLock)
        {
            var ids = _peers.Keys.ToList();
            foreach (var id in ids)
            {
                RemoveLocked(id);
            }
            return ids.Count;
        }
    }

    /// <summary>
    /// The live peers that hold a file of exactly this name, ordered by peer id: all of them when they are at most
    /// <see cref="MaestroOptions.MaxLocations"/>, else a uniform random sample of that many, drawn afresh at each call.
    /// </summary>
    public IReadOnlyList<FileLocation> Locate(string fileName)
    {
        if (!_holdersByName.TryGetValue(fileName, out var holders))
        {
            return [];
        }

        var now = time.GetUtcNow();
        var sample = new HolderSample<FileLocation>(_maxLocations);
        foreach (var (id, _) in holders)
        {
            if (_peers.TryGetValue(id, out var record) && record.IsLive(now, _ttl) && record.Files.TryGetValue(fileName, out var file))
            {
                sample.Offer(record.ToLocation(file));
            }
        }
        var locations = sample.Drawn;
        locations.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return locations;
    }

    public IReadOnlyList<PeerSummary> LivePeers()
    {
        var now = time.GetUtcNow();
        return _peers.Values
            .Where(p => p.IsLive(now, _ttl))
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => p.ToSummary())
            .ToList();
    }

    public PeerSummary? Find(string id)
    {
        return _peers.TryGetValue(id, out var record) && record.IsLive(time.GetUtcNow(), _ttl) ? record.ToSummary() : null;
    }

    /// <summary>Counts of live peers, distinct file names they hold, and copies of files.</summary>
    public (int Peers, int Files, int Copies) Count()
    {
        var now = time.GetUtcNow();
        var live = _peers.Values.Where(p => p.IsLive(now, _ttl)).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var copies = 0;
        foreach (var peer in live)
        {
            names.UnionWith(peer.Files.Keys);
            copies += peer.Files.Count;
        }
        return (live.Count, names.Count, copies);
    }

    /// <summary>Drops every peer not seen within the TTL; returns their ids.</summary>
    public IReadOnlyList<string> RemoveExpired()
    {
        var now = time.GetUtcNow();
        var expired = new List<string>();
        foreach (var (id, record) in _peers)
        {
            if (!record.IsLive(now, _ttl))
            {
                lock (_writeLock)
                {
                    // Re-checked under the lock: a registration may have replaced the record since.
                    if (_peers.TryGetValue(id, out var current) && !current.IsLive(now, _ttl) && RemoveLocked(id))
                    {
                        expired.Add(id);
                    }
                }
            }
        }
        return expired;
    }

    private static string NewLeaseToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static RegistrationOutcome Refused(PeerWrite why, string? holder = null) => new(why, null, Replaced: false, PreviousFingerprint: holder);

    private bool RemoveLocked(string id)
    {
        if (!_peers.TryRemove(id, out var record))
        {
            return false;
        }
        _budget.Remove(record);
        foreach (var name in record.Files.Keys)
        {
            RemoveHolder(name, id);
        }
        return true;
    }

    private void RemoveHolder(string name, string id)
    {
        if (_holdersByName.TryGetValue(name, out var holders) && holders.TryRemove(id, out _) && holders.IsEmpty)
        {
            _holdersByName.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(name, holders));
        }
    }
}
