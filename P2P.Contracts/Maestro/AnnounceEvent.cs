namespace P2P.Contracts.Maestro;

/// <summary>Why a peer announces a version it is downloading, as a tracker's announce says (BEP 3's <c>event</c>).</summary>
public enum AnnounceEvent
{
    /// <summary>The download has begun, with what it resumed.</summary>
    Started,

    /// <summary>More chunks are verified since the last announce.</summary>
    Progress,

    /// <summary>The download ended without the whole file (failed, cancelled, left for later): it is no longer served.</summary>
    Stopped,

    /// <summary>Every chunk is verified; the copy shows as a complete holder through the peer's next registration.</summary>
    Completed,
}
