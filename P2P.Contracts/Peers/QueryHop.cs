using System.Text.Json.Serialization;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Peers;

/// <summary>One peer a query reached, the trace id it saw (one id across the chain), and what it did with the query.</summary>
public sealed record QueryHop(string Peer, string TraceId, [property: JsonRequired] QueryOutcome Outcome) : IRemoteEntry
{
    public string? Validate() =>
        !WireRules.IsText(Peer, WireRules.MaxUrlLength) ? "peer must be a peer id or a friend's URL, without control characters."
        : !WireRules.IsTraceId(TraceId) ? "trace_id must be 32 lower-case hexadecimal digits or empty."
        : !Enum.IsDefined(Outcome) ? "outcome must be found, not_found, seen, expired or unreachable."
        : null;
}
