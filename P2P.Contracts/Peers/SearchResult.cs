namespace P2P.Contracts.Peers;

/// <summary>A peer's <c>GET /search</c>: whether it holds the file, and its copy's size and hash when it does.</summary>
public sealed record SearchResult(string File, bool Found, string Id, string RestUrl, string GrpcUrl, long? Size, string? Sha256);
