using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using P2P.Contracts.Maestro;

namespace P2P.Maestro.Directory;

/// <summary>
/// One registration, immutable but for its last-seen time: a new registration replaces the whole record,
/// so a reader sees either the old file set or the new one, never a mix. It carries the lease token that its
/// owner must present to change it, its slot in the directory (what the name index lists), and the versions it
/// announced it is downloading (swapped whole, under the directory's write lock), which live and expire with it.
/// </summary>
internal sealed class PeerRecord(PeerRegistration registration, string fingerprint, string leaseToken, DateTimeOffset registeredAt, int slot)
{
    private long _lastSeenUtcTicks = registeredAt.UtcTicks;
    private ImmutableList<PartialHolding> _partials = [];

    public string Id { get; } = registration.Id;

    public string RestUrl { get; } = registration.RestUrl;

    public string GrpcUrl { get; } = registration.GrpcUrl;

    /// <summary>The certificate fingerprint of the TLS session that registered the entry.</summary>
    public string Fingerprint { get; } = fingerprint;

    public SharedFiles Files { get; } = new(registration.Files);

    public string LeaseToken { get; } = leaseToken;

    public int Slot { get; } = slot;

    public ImmutableList<PartialHolding> Partials
    {
        get => Volatile.Read(ref _partials);
        set => Volatile.Write(ref _partials, value);
    }

    /// <summary>Its (file, peer) entries, as the directory's budget counts them: the files it shares and the versions it is downloading.</summary>
    public int Entries => Files.Count + Partials.Count;

    public DateTimeOffset LastSeen => new(Volatile.Read(ref _lastSeenUtcTicks), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Volatile.Write(ref _lastSeenUtcTicks, now.UtcTicks);

    public bool IsLive(DateTimeOffset now, TimeSpan ttl) => now - LastSeen <= ttl;

    /// <summary>Whether <paramref name="presented"/> is this entry's lease token, compared in constant time.</summary>
    public bool IsOwnedBy(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(LeaseToken), Encoding.UTF8.GetBytes(presented));

    public PeerSummary ToSummary() => new(Id, RestUrl, GrpcUrl, Files.Count, LastSeen, Fingerprint);

    public FileLocation ToLocation(int file) => new(Id, RestUrl, GrpcUrl, Files.Size(file), Files.Sha256(file), Fingerprint);

    public FileLocation ToLocation(PartialHolding partial) =>
        new(Id, RestUrl, GrpcUrl, partial.Size, partial.Sha256, Fingerprint, Partial: true, Left: partial.Left);
}
