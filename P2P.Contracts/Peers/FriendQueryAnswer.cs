using P2P.Contracts.Maestro;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Peers;

/// <summary>
/// A peer's answer to a forwarded query. <see cref="Outcome"/> is <c>found</c>, <c>not_found</c>, <c>seen</c> (this peer
/// had already handled the query id) or <c>expired</c> (no hops left). <see cref="Path"/> is the chain of peer ids from the
/// asker to the peer that found the file (or to the last peer tried); <see cref="Hops"/> lists every peer reached.
/// </summary>
public sealed record FriendQueryAnswer(string Outcome, IReadOnlyList<FileLocation> Peers, IReadOnlyList<string> Path, IReadOnlyList<QueryHop> Hops)
    : IRemoteAnswer<FriendQueryAnswer>
{
    public const string Found = "found";
    public const string NotFound = "not_found";
    public const string Seen = "seen";
    public const string Expired = "expired";

    /// <summary>A bad location or hop is left out (the rest of the answer still holds); anything else refuses the answer.</summary>
    public FriendQueryAnswer Checked(ICollection<string> dropped)
    {
        WireRules.Require(Outcome is Found or NotFound or Seen or Expired, "outcome", "must be found, not_found, seen or expired.");
        return new FriendQueryAnswer(
            Outcome,
            WireRules.Entries(Peers, WireRules.MaxLocations, "peers", dropped),
            WireRules.Path(Path, "path"),
            WireRules.Entries(Hops, WireRules.MaxHops, "hops", dropped));
    }
}
