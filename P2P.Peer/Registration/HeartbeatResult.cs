namespace P2P.Peer.Registration;

/// <summary>How the Maestro answered a heartbeat.</summary>
public enum HeartbeatResult
{
    /// <summary>The Maestro knows this peer and kept its entry alive.</summary>
    Ok,

    /// <summary>The Maestro does not know this peer (restarted, expired or forgot it): the peer registers again.</summary>
    Unknown,

    /// <summary>No answer, or an error: the Maestro could not be reached.</summary>
    Failed,
}
