namespace P2P.Cli.Network;

/// <summary>A peer a command talks to directly: its id, its REST address and its gRPC address.</summary>
public sealed record PeerAddress(string Id, Uri RestUrl, Uri GrpcUrl);
