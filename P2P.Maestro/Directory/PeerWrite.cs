namespace P2P.Maestro.Directory;

/// <summary>What became of a change to a peer's entry (a registration, a heartbeat, a deregistration).</summary>
public enum PeerWrite
{
    /// <summary>The change was made.</summary>
    Done,

    /// <summary>No such peer is listed: it never registered, expired and was swept, or the Maestro restarted.</summary>
    Unknown,

    /// <summary>The entry belongs to another registrant: the caller did not present its lease token.</summary>
    NotOwner,

    /// <summary>The id is reserved for another certificate, which held it within the grace period.</summary>
    IdClaimed,

    /// <summary>The registering certificate already holds as many ids as one may.</summary>
    TooManyIds,

    /// <summary>The directory holds as many peers, or (file, peer) entries, as it may.</summary>
    DirectoryFull,

    /// <summary>The peer already announces as many versions it is downloading as one may.</summary>
    TooManyPartials,
}
