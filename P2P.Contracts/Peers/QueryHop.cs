using P2P.Contracts.Remote;

namespace P2P.Contracts.Peers;

/// <summary>One peer a query reached, the trace id it saw (one id across the chain), and what it did with the query.</summary>
public sealed record QueryHop(string Peer, string TraceId, string Outcome) : IRemoteEntry
{
    /// <summary>A friend that could not be asked; its <see cref="Peer"/> is then the friend's URL.</summary>
    public const string Unreachable = "unreachable";

    private static readonly HashSet<string> s_outcomes =
        [FriendQueryAnswer.Found, FriendQueryAnswer.NotFound, FriendQueryAnswer.Seen, FriendQueryAnswer.Expired, Unreachable];

    public string? Validate() =>
        !WireRules.IsText(Peer, WireRules.MaxUrlLength) ? "peer must be a peer id or a friend's URL, without control characters."
        : !WireRules.IsTraceId(TraceId) ? "trace_id must be 32 lower-case hexadecimal digits or empty."
        : Outcome is null || !s_outcomes.Contains(Outcome) ? $"outcome must be one of {string.Join(", ", s_outcomes)}."
        : null;
}
