namespace P2P.Contracts.Peers;

/// <summary>
/// A lookup forwarded friend to friend (<c>POST /discovery/query</c>): a query id each peer handles once, the hops it
/// may still take, and the ids of the peers it has passed through, the asker last.
/// </summary>
public sealed record FriendQuery(string QueryId, string File, int Ttl, IReadOnlyList<string> Path);
