namespace P2P.Contracts.Peers;

/// <summary>One peer a query reached, the trace id it saw (one id across the chain), and what it did with the query.</summary>
public sealed record QueryHop(string Peer, string TraceId, string Outcome);
