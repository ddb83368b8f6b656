namespace P2P.Cli.Network;

/// <summary>
/// A peer a command talks to directly: its id, its REST address, its TLS (gRPC) address and, when the Maestro reported
/// it, the fingerprint its certificate must have.
/// </summary>
public sealed record PeerAddress(string Id, Uri RestUrl, Uri GrpcUrl, string? Fingerprint = null);
