namespace P2P.Peer.Status;

/// <summary>A peer's <c>GET /</c>: who it is, what it shares, and whether the Maestro knows it, and whether an operator paused its heartbeats.</summary>
public sealed record PeerStatus(
    string Service,
    string Id,
    string RestUrl,
    string GrpcUrl,
    int Files,
    bool Registered,
    DateTimeOffset? LastRegisteredAt,
    string? RegistrationError,
    string MaestroUrl,
    string? FriendPeerPrimary,
    string? FriendPeerBackup,
    double UptimeSeconds,
    bool HeartbeatsPaused);
