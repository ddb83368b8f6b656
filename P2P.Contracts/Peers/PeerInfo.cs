using P2P.Contracts.Maestro;

namespace P2P.Contracts.Peers;

/// <summary>A peer's <c>GET /info</c>, as in the seed: its id, addresses and files.</summary>
public sealed record PeerInfo(string Id, string RestUrl, string GrpcUrl, int GrpcPort, IReadOnlyList<SharedFileEntry> Files);
