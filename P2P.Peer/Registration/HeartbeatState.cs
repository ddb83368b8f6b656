namespace P2P.Peer.Registration;

/// <summary>The answer of <c>POST /heartbeats/pause</c> and <c>/resume</c>: whether heartbeats are now paused.</summary>
public sealed record HeartbeatState(bool Paused);
