using P2P.Connections;

namespace P2P.Peer.Maestro;

/// <summary>The certificates this peer accepts from its Maestro: <c>maestro_fingerprint</c>, or the first that proves the key.</summary>
public sealed record MaestroPin(ServerPin Pin);
