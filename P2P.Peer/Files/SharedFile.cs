using P2P.Contracts.Maestro;

namespace P2P.Peer.Files;

/// <summary>One file of the shared folder as last scanned.</summary>
public sealed record SharedFile(string Name, long Size, string Sha256, DateTimeOffset LastWriteUtc)
{
    public SharedFileEntry ToEntry() => new(Name, Size, Sha256);
}
