using P2P.Contracts.Maestro;

namespace P2P.Peer.Discovery;

/// <summary>A peer's answer to <c>GET /locate</c>: who has the file, and which way it was found (local, friends, maestro).</summary>
public sealed record PeerLocateResponse(string File, string FoundBy, IReadOnlyList<FileLocation> Peers);
