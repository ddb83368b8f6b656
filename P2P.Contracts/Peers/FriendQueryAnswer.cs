using System.Text.Json.Serialization;
using P2P.Contracts.Maestro;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Peers;

/// <summary>
/// A peer's answer to a forwarded query: any <see cref="QueryOutcome"/> but <see cref="QueryOutcome.Unreachable"/>.
/// <see cref="Path"/> is the chain of peer ids from the asker to the peer that found the file (or to the last peer tried);
/// <see cref="Hops"/> lists every peer reached.
/// </summary>
public sealed record FriendQueryAnswer(
    [property: JsonRequired] QueryOutcome Outcome, IReadOnlyList<FileLocation> Peers, IReadOnlyList<string> Path, IReadOnlyList<QueryHop> Hops)
    : IRemoteAnswer<FriendQueryAnswer>
{
    /// <summary>A bad location or hop is left out (the rest of the answer still holds); anything else refuses the answer.</summary>
    public FriendQueryAnswer Checked(ICollection<string> dropped)
    {
        WireRules.Require(Outcome is QueryOutcome.Found or QueryOutcome.NotFound or QueryOutcome.Seen or QueryOutcome.Expired,
            "outcome", "must be found, not_found, seen or expired.");
        return new FriendQueryAnswer(
            Outcome,
            WireRules.Entries(Peers, WireRules.MaxLocations, "peers", dropped),
            WireRules.Path(Path, "path"),
            WireRules.Entries(Hops, WireRules.MaxHops, "hops", dropped));
    }
}
