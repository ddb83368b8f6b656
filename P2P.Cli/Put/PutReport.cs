namespace P2P.Cli.Put;

/// <summary>What <c>p2p put</c> stored: the name, size and SHA-256 the peer confirmed, and which peer.</summary>
public sealed record PutReport(string File, long Size, string Sha256, string Peer);
