using P2P.Contracts.Peers;

namespace P2P.Peer.Discovery;

/// <summary>A lookup's result: the answer when something has the file, and in any case the path tried and the trace id.</summary>
public sealed record LocateOutcome(PeerLocateResponse? Found, IReadOnlyList<string> Path, IReadOnlyList<QueryHop> Hops, string TraceId);
