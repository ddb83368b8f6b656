namespace P2P.Tests.Integration.Hosts;

/// <summary>Short heartbeats and TTLs, so that a cut link or a dead peer shows in the directory within seconds.</summary>
public static class SoftState
{
    public const int HeartbeatSeconds = 1;
    public const int PeerTtlSeconds = 4;
    public const int SweepIntervalSeconds = 1;

    /// <summary>How long a silent peer may stay listed: its TTL, then the sweep that notices.</summary>
    public static readonly TimeSpan ExpiryLimit = TimeSpan.FromSeconds(PeerTtlSeconds + SweepIntervalSeconds);

    public static Dictionary<string, object> Maestro() => new()
    {
        ["peer_ttl_seconds"] = PeerTtlSeconds,
        ["sweep_interval_seconds"] = SweepIntervalSeconds,
    };

    /// <summary>
    /// A peer's settings: a heartbeat every second and no settle time (the tests write their files before the peers
    /// start, never while they run), plus <paramref name="more"/>.
    /// </summary>
    public static Dictionary<string, object> Peer(IReadOnlyDictionary<string, object>? more = null)
    {
        var settings = new Dictionary<string, object> { ["heartbeat_seconds"] = HeartbeatSeconds, ["file_settle_ms"] = 0 };
        foreach (var (key, value) in more ?? new Dictionary<string, object>())
        {
            settings[key] = value;
        }
        return settings;
    }
}
