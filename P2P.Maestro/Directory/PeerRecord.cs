using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using P2P.Contracts.Maestro;

namespace P2P.Maestro.Directory;

/// <summary>
/// One registration, immutable but for its last-seen time: a new registration replaces the whole record,
/// so a reader sees either the old file set or the new one, never a mix. It carries the lease token that its
/// owner must present to change it.
/// </summary>
internal sealed class PeerRecord(PeerRegistration registration, string fingerprint, string leaseToken, DateTimeOffset registeredAt)
{
    private long _lastSeenUtcTicks = registeredAt.UtcTicks;

    public string Id { get; } = registration.Id;

    public string RestUrl { get; } = registration.RestUrl;

    public string GrpcUrl { get; } = registration.GrpcUrl;

    /// <summary>The certificate fingerprint of the TLS session that registered the entry.</summary>
    public string Fingerprint { get; } = fingerprint;

    public FrozenDictionary<string, SharedFileEntry> Files { get; } =
        registration.Files.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public string LeaseToken { get; } = leaseToken;

    public DateTimeOffset LastSeen => new(Volatile.Read(ref _lastSeenUtcTicks), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Volatile.Write(ref _lastSeenUtcTicks, now.UtcTicks);

    public bool IsLive(DateTimeOffset now, TimeSpan ttl) => now - LastSeen <= ttl;

    /// <summary>Whether <paramref name="presented"/> is this entry's lease token, compared in constant time.</summary>
    public bool IsOwnedBy(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(LeaseToken), Encoding.UTF8.GetBytes(presented));

    public PeerSummary ToSummary() => new(Id, RestUrl, GrpcUrl, Files.Count, LastSeen, Fingerprint);

    public FileLocation ToLocation(SharedFileEntry file) => new(Id, RestUrl, GrpcUrl, file.Size, file.Sha256, Fingerprint);
}
