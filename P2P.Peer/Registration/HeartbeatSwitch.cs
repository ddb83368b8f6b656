namespace P2P.Peer.Registration;

/// <summary>
/// Whether an operator has paused this peer's heartbeats: while paused the peer says nothing to the Maestro, which
/// then expires it as it would a peer cut off from it, and lookups fall back to the friends.
/// </summary>
public sealed class HeartbeatSwitch
{
    private volatile bool _paused;

    public bool IsPaused => _paused;

    public void Pause() => _paused = true;

    public void Resume() => _paused = false;
}
