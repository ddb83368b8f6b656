namespace P2P.Peer.Files;

/// <summary>
/// The files a scan found, how many of them had to be hashed (the rest came from the cache), and when the files it left
/// out because they were still changing will have settled (null when there were none).
/// </summary>
public sealed record ScanResult(IReadOnlyList<SharedFile> Files, int Hashed, DateTimeOffset? SettlesAt);
