namespace P2P.Contracts.Maestro;

/// <summary>The Maestro's <c>GET /</c>: live peers, distinct file names, copies of files, uptime.</summary>
public sealed record MaestroStatus(string Service, int Peers, int Files, int Copies, double UptimeSeconds, DateTimeOffset StartedAt);
