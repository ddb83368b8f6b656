using P2P.Contracts.Maestro;

namespace P2P.Cli.Status;

/// <summary>What <c>p2p status</c> shows: which Maestro, its counts, and its live peers.</summary>
public sealed record StatusReport(string Maestro, MaestroStatus Status, IReadOnlyList<PeerSummary> Peers);
