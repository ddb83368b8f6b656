namespace P2P.Contracts.Peers;

/// <summary>What a peer did with a friend query; on the wire in snake_case (<c>not_found</c>), as <see cref="SnakeCaseJson"/> writes every enum.</summary>
public enum QueryOutcome
{
    /// <summary>This peer, or one below it, shares the file.</summary>
    Found,

    /// <summary>Nobody this peer could ask shares it.</summary>
    NotFound,

    /// <summary>This peer had already handled the query id.</summary>
    Seen,

    /// <summary>The query had no hops left.</summary>
    Expired,

    /// <summary>Only in a hop: a friend that could not be asked; its <see cref="QueryHop.Peer"/> is then the friend's URL.</summary>
    Unreachable,
}
