namespace P2P.Peer.Discovery;

/// <summary>What this peer did with the friend queries it received (<c>GET /discovery</c>).</summary>
public sealed record DiscoveryCounters(long QueriesReceived, long DuplicatesRefused, long QueriesExpired, long QueriesForwarded, long FilesFound);
