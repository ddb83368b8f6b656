namespace P2P.Maestro.Directory;

/// <summary>What became of a change to a peer's entry (a heartbeat, a deregistration).</summary>
public enum PeerWrite
{
    /// <summary>The change was made.</summary>
    Done,

    /// <summary>No such peer is listed: it never registered, expired and was swept, or the Maestro restarted.</summary>
    Unknown,

    /// <summary>The entry belongs to another registrant: the caller did not present its lease token.</summary>
    NotOwner,
}
