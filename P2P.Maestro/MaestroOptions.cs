using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace P2P.Maestro;

/// <summary>The Maestro's settings, section <c>Maestro</c>; keys are those of its <c>config.json</c>.</summary>
public sealed class MaestroOptions
{
    public const string SectionName = "Maestro";

    /// <summary>Seconds a peer stays listed without a registration or heartbeat. Default 15 (three 5 s heartbeats).</summary>
    [ConfigurationKeyName("peer_ttl_seconds")]
    [Range(1, 3600)]
    public int PeerTtlSeconds { get; set; } = 15;

    /// <summary>Seconds between sweeps that drop expired peers from the index. Default 5.</summary>
    [ConfigurationKeyName("sweep_interval_seconds")]
    [Range(1, 3600)]
    public int SweepIntervalSeconds { get; set; } = 5;

    /// <summary>The most files one registration may list. Default 100,000.</summary>
    [ConfigurationKeyName("max_files_per_peer")]
    [Range(1, 10_000_000)]
    public int MaxFilesPerPeer { get; set; } = 100_000;

    public TimeSpan PeerTtl => TimeSpan.FromSeconds(PeerTtlSeconds);
}
