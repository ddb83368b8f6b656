namespace P2P.Contracts.Maestro;

/// <summary>A peer's whole state, sent to <c>POST /register</c>; it replaces the peer's previous entry.</summary>
public sealed record PeerRegistration(string Id, string RestUrl, string GrpcUrl, IReadOnlyList<SharedFileEntry> Files);
