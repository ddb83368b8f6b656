namespace P2P.Contracts.Maestro;

/// <summary>A peer that holds a file, with the size and hash of its copy.</summary>
public sealed record FileLocation(string Id, string RestUrl, string GrpcUrl, long Size, string Sha256);
