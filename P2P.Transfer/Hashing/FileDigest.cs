namespace P2P.Transfer.Hashing;

/// <summary>A file version's size, whole-file SHA-256 (lower-case hex) and the raw 32-byte SHA-256 of each chunk, concatenated.</summary>
public sealed record FileDigest(long Size, string Sha256, byte[] ChunkHashes);
