using System.Collections.Frozen;
using P2P.Contracts.Maestro;

namespace P2P.Maestro.Directory;

/// <summary>
/// One registration, immutable but for its last-seen time: a new registration replaces the whole record,
/// so a reader sees either the old file set or the new one, never a mix.
/// </summary>
internal sealed class PeerRecord(PeerRegistration registration, DateTimeOffset registeredAt)
{
    private long _lastSeenUtcTicks = registeredAt.UtcTicks;

    public string Id { get; } = registration.Id;

    public string RestUrl { get; } = registration.RestUrl;

    public string GrpcUrl { get; } = registration.GrpcUrl;

    public FrozenDictionary<string, SharedFileEntry> Files { get; } =
        registration.Files.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public DateTimeOffset LastSeen => new(Volatile.Read(ref _lastSeenUtcTicks), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Volatile.Write(ref _lastSeenUtcTicks, now.UtcTicks);

    public bool IsLive(DateTimeOffset now, TimeSpan ttl) => now - LastSeen <= ttl;

    public PeerSummary ToSummary() => new(Id, RestUrl, GrpcUrl, Files.Count, LastSeen);

    public FileLocation ToLocation(SharedFileEntry file) => new(Id, RestUrl, GrpcUrl, file.Size, file.Sha256);
}
