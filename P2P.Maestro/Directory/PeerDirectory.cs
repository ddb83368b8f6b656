using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;

namespace P2P.Maestro.Directory;

/// <summary>
/// The central index: peers by id and by slot, and slots by file name (<see cref="HolderIndex"/>), for the files they share
/// and the versions they announced they are downloading. Writers serialise on one lock; readers take no lock, and every hit
/// of the name index is confirmed against the current record in its slot, so lookups never see half a registration.
/// Its size is bounded: ids per certificate, peers, (file, peer) entries, partials per peer; and an id stays its
/// certificate's across restarts.
/// </summary>
public sealed class PeerDirectory(TimeProvider time, IOptions<MaestroOptions> options, IdClaims claims)
{
    private readonly ConcurrentDictionary<string, PeerRecord> _peers = new(StringComparer.Ordinal);
    private readonly HolderIndex _names = new();
    private readonly PeerRecord?[] _bySlot = new PeerRecord?[options.Value.MaxPeers];
    private readonly Stack<int> _freeSlots = new(Enumerable.Range(0, options.Value.MaxPeers).Reverse());
    private readonly Lock _writeLock = new();
    private readonly DirectoryBudget _budget = new(options.Value);
    private readonly TimeSpan _ttl = options.Value.PeerTtl;
    private readonly int _maxLocations = options.Value.MaxLocations;
    private readonly int _maxPartials = options.Value.MaxPartialsPerPeer;

    /// <summary>
    /// Stores a peer's whole state. A live entry is replaced only for the holder of its lease token, who keeps it; a new
    /// entry, or one past its TTL, is claimed with a fresh token by the certificate its id is reserved for (or any, when
    /// free), within the directory's bounds. <paramref name="fingerprint"/> is the registering TLS session's, reported with
    /// every location. The owner's partial holdings carry over, but for the versions it now shares.
    /// </summary>
    public RegistrationOutcome Register(PeerRegistration registration, string fingerprint, string? leaseToken)
    {
        var now = time.GetUtcNow();
        lock (_writeLock)
        {
            var known = _peers.TryGetValue(registration.Id, out var previous);
            string lease;
            ImmutableList<PartialHolding> carried = [];
            if (previous is not null && previous.IsLive(now, _ttl))
            {
                if (!previous.IsOwnedBy(leaseToken))
                {
                    return Refused(PeerWrite.NotOwner);
                }
                lease = previous.LeaseToken;
                carried = previous.Partials;
            }
            else if (claims.HolderOf(registration.Id, now) is { } holder && holder != fingerprint)
            {
                return Refused(PeerWrite.IdClaimed, holder);
            }
            else
            {
                lease = NewLeaseToken();
            }

            var slot = previous?.Slot ?? (_freeSlots.TryPeek(out var free) ? free : -1);
            var record = new PeerRecord(registration, fingerprint, lease, now, slot);
            record.Partials = carried.RemoveAll(p => record.Files.Shares(p.Name, p.Sha256));
            if (_budget.Admit(record, previous, _peers.Count) is { } refusal)
            {
                return Refused(refusal);
            }
            if (!claims.Claim(registration.Id, fingerprint, now, _peers.ContainsKey))
            {
                return Refused(PeerWrite.DirectoryFull);
            }
            if (previous is null)
            {
                _freeSlots.Pop();
            }

            record.Files.Index(_names, HolderIndex.Complete(slot));
            _peers[record.Id] = record;
            Volatile.Write(ref _bySlot[slot], record);
            _budget.Add(record);

            if (previous is not null)
            {
                _budget.Remove(previous);
                previous.Files.Unindex(_names, HolderIndex.Complete(slot), record.Files);
                UnindexPartials(previous, record);
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
    /// Records a version the peer <paramref name="id"/> is downloading, for the holder of its lease token on the TLS
    /// session of the certificate that registered it: started and progress add or update the partial holding, stopped
    /// and completed (or a version the peer already shares) take it off. At most max_partials_per_peer per peer.
    /// </summary>
    public PeerWrite Announce(string id, string? leaseToken, string fingerprint, PartialAnnounce announce)
    {
        var now = time.GetUtcNow();
        lock (_writeLock)
        {
            if (!_peers.TryGetValue(id, out var record) || !record.IsLive(now, _ttl))
            {
                return PeerWrite.Unknown;
            }
            if (!record.IsOwnedBy(leaseToken) || record.Fingerprint != fingerprint)
            {
                return PeerWrite.NotOwner;
            }
            return PartialAnnounces.Apply(record, announce, _budget, _names, _maxPartials);
        }
    }

    /// <summary>
    /// The live peers that hold a file of exactly this name, complete holders first, then partial ones, each part ordered
    /// by peer id: all of them when they are at most <see cref="MaestroOptions.MaxLocations"/>, else a uniform random
    /// sample of the complete holders, and of the partial ones for the places left, drawn afresh at each call.
    /// </summary>
    public IReadOnlyList<FileLocation> Locate(string fileName)
    {
        var now = time.GetUtcNow();
        var holders = _names.Holders(fileName);
        // Sampled as (record, place) pairs first, so that only the drawn holders become locations.
        var complete = new HolderSample<(PeerRecord Peer, int At)>(_maxLocations);
        foreach (var record in LiveHolders(holders, partial: false, now))
        {
            if (record.Files.IndexOf(fileName) is var at && at >= 0)
            {
                complete.Offer((record, at));
            }
        }
        var partial = new HolderSample<(PeerRecord Peer, PartialHolding Holding)>(_maxLocations - complete.Drawn.Count);
        foreach (var record in LiveHolders(holders, partial: true, now))
        {
            foreach (var holding in record.Partials)
            {
                if (holding.Name == fileName)
                {
                    partial.Offer((record, holding));
                }
            }
        }
        complete.Drawn.Sort(static (a, b) => string.CompareOrdinal(a.Peer.Id, b.Peer.Id));
        partial.Drawn.Sort(static (a, b) => string.CompareOrdinal(a.Peer.Id, b.Peer.Id));
        var locations = new List<FileLocation>(complete.Drawn.Count + partial.Drawn.Count);
        locations.AddRange(complete.Drawn.Select(static c => c.Peer.ToLocation(c.At)));
        locations.AddRange(partial.Drawn.Select(static p => p.Peer.ToLocation(p.Holding)));
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

    /// <summary>The names the index holds, complete or partial, of live peers or of expired ones not yet swept.</summary>
    public int IndexedNames => _names.Names;

    /// <summary>Counts of live peers, distinct file names they hold, and copies of files.</summary>
    public (int Peers, int Files, int Copies) Count()
    {
        var now = time.GetUtcNow();
        var (live, copies, expired) = (0, 0, false);
        foreach (var (_, record) in _peers)
        {
            if (record.IsLive(now, _ttl))
            {
                live++;
                copies += record.Files.Count;
            }
            else
            {
                expired = true;
            }
        }
        return (live, expired ? DistinctLiveNames(now) : _names.CompleteNames, copies);
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
        Volatile.Write(ref _bySlot[record.Slot], null);
        _budget.Remove(record);
        record.Files.Unindex(_names, HolderIndex.Complete(record.Slot), next: null);
        UnindexPartials(record, next: null);
        _freeSlots.Push(record.Slot);
        return true;
    }

    /// <summary>Takes <paramref name="previous"/>'s partial entries off the index for the names <paramref name="next"/> has no partial of.</summary>
    private void UnindexPartials(PeerRecord previous, PeerRecord? next)
    {
        foreach (var holding in previous.Partials)
        {
            if (next is null || !next.Partials.Exists(p => p.Name == holding.Name))
            {
                _names.Remove(holding.Name, HolderIndex.Partial(previous.Slot));
            }
        }
    }

    /// <summary>The live records of the slots in <paramref name="holders"/> whose entries are of the kind asked for.</summary>
    private IEnumerable<PeerRecord> LiveHolders(int[] holders, bool partial, DateTimeOffset now)
    {
        foreach (var entry in holders)
        {
            var kind = (entry & 1) == 1;
            if (kind == partial && Volatile.Read(ref _bySlot[HolderIndex.SlotOf(entry)]) is { } record && record.IsLive(now, _ttl))
            {
                yield return record;
            }
        }
    }

    private int DistinctLiveNames(DateTimeOffset now)
    {
        var names = new HashSet<string>(ReferenceEqualityComparer.Instance);
        foreach (var (_, record) in _peers)
        {
            for (var i = 0; record.IsLive(now, _ttl) && i < record.Files.Count; i++)
            {
                names.Add(record.Files.Name(i));
            }
        }
        return names.Count;
    }
}
