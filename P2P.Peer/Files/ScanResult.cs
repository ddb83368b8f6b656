namespace P2P.Peer.Files;

/// <summary>The files a scan found, and how many of them had to be hashed (the rest came from the cache).</summary>
public sealed record ScanResult(IReadOnlyList<SharedFile> Files, int Hashed);
