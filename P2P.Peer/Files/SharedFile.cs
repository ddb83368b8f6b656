using P2P.Contracts.Maestro;

namespace P2P.Peer.Files;

/// <summary>One file of the shared folder as last scanned, with the chunk hashes its manifest is made of.</summary>
public sealed record SharedFile(string Name, long Size, string Sha256, DateTimeOffset LastWriteUtc, byte[] ChunkHashes)
{
    public SharedFileEntry ToEntry() => new(Name, Size, Sha256);

    /// <summary>This file as held by the peer <paramref name="peer"/>, at the addresses it advertises.</summary>
    public FileLocation ToLocation(PeerOptions peer, string fingerprint) =>
        new(peer.Id, peer.AdvertisedRestUrl, peer.AdvertisedGrpcUrl, Size, Sha256, fingerprint);
}
