using P2P.Contracts.Maestro;

namespace P2P.Contracts.Peers;

/// <summary>
/// A peer's answer to a forwarded query. <see cref="Outcome"/> is <c>found</c>, <c>not_found</c>, <c>seen</c> (this peer
/// had already handled the query id) or <c>expired</c> (no hops left). <see cref="Path"/> is the chain of peer ids from the
/// asker to the peer that found the file (or to the last peer tried); <see cref="Hops"/> lists every peer reached.
/// </summary>
public sealed record FriendQueryAnswer(string Outcome, IReadOnlyList<FileLocation> Peers, IReadOnlyList<string> Path, IReadOnlyList<QueryHop> Hops)
{
    public const string Found = "found";
    public const string NotFound = "not_found";
    public const string Seen = "seen";
    public const string Expired = "expired";
}
