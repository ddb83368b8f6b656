using P2P.Contracts.Remote;

namespace P2P.Contracts.Maestro;

/// <summary>The Maestro's <c>GET /</c>: live peers, distinct file names, copies of files, uptime.</summary>
public sealed record MaestroStatus(string Service, int Peers, int Files, int Copies, double UptimeSeconds, DateTimeOffset StartedAt)
    : IRemoteAnswer<MaestroStatus>
{
    public MaestroStatus Checked(ICollection<string> dropped)
    {
        WireRules.Require(WireRules.IsText(Service, 100), "service", "must be a short printable name.");
        WireRules.Require(Peers >= 0 && Files >= 0 && Copies >= 0, "peers, files and copies", "cannot be negative.");
        WireRules.Require(double.IsFinite(UptimeSeconds) && UptimeSeconds >= 0, "uptime_seconds", "must be a finite, non-negative number.");
        return this;
    }
}
