namespace P2P.Peer.Downloads;

/// <summary>
/// The body of <c>POST /downloads</c>: the file, and optionally the gRPC URLs of the sources to use (else the
/// Maestro, then the friends, are asked) and the SHA-256 of the version wanted (else the one most sources hold).
/// </summary>
public sealed record StartDownloadRequest(string? File, IReadOnlyList<string>? Sources = null, string? Sha256 = null);
