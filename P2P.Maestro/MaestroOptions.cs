using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using P2P.Hosting;
using P2P.Hosting.Security;

namespace P2P.Maestro;

/// <summary>The Maestro's settings, section <c>Maestro</c>; keys are those of its <c>config.json</c>.</summary>
public sealed class MaestroOptions : IServiceOptions, IValidatableObject
{
    public const string SectionName = "Maestro";

    /// <summary>The endpoints a <c>config.json</c> sets the ports of, with the key holding each port.</summary>
    public static IReadOnlyDictionary<string, string> PortKeysByEndpoint { get; } = new Dictionary<string, string> { ["http"] = "port", ["tls"] = "tls_port" };

    static string IServiceOptions.Section => SectionName;

    static string IServiceOptions.TlsEndpoint => "tls";

    /// <summary>
    /// The folder holding the Maestro's certificate and key (<c>identity.p12</c>) and control token, created at first start
    /// with owner-only access. Default <c>p2p/maestro</c> under the user's local application data folder.
    /// </summary>
    [ConfigurationKeyName("state_dir")]
    public string StateDir { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "p2p", "maestro");

    public string StateDirectory => Path.GetFullPath(StateDir);

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

    /// <summary>
    /// The most live peer ids one client certificate may hold, so that one member cannot flood the directory with ids.
    /// Default 4: a node registers one id, and the slack covers a restart before its old entry expires.
    /// </summary>
    [ConfigurationKeyName("max_ids_per_certificate")]
    [Range(1, 1_000)]
    public int MaxIdsPerCertificate { get; set; } = 4;

    /// <summary>The most peers the directory lists at once; <c>/peers</c> answers all of them. Default 10,000, the most a reader takes.</summary>
    [ConfigurationKeyName("max_peers")]
    [Range(1, 10_000)]
    public int MaxPeers { get; set; } = 10_000;

    /// <summary>The most (file, peer) entries all registrations may hold together, which bounds the index's memory. Default 10,000,000.</summary>
    [ConfigurationKeyName("max_file_entries")]
    [Range(1, 1_000_000_000)]
    public long MaxFileEntries { get; set; } = 10_000_000;

    /// <summary>
    /// The most versions one peer may announce as downloading at once (partial holders, counted in max_file_entries too):
    /// a peer downloads a few files at a time, and its announces must not grow the directory without end. Default 64.
    /// </summary>
    [ConfigurationKeyName("max_partials_per_peer")]
    [Range(1, 10_000)]
    public int MaxPartialsPerPeer { get; set; } = 64;

    /// <summary>
    /// The most holders one <c>/locate</c> answer names: all of them when they are fewer, else a fresh random sample at each
    /// call, so every holder gets picked. Default 100; at most 1,000, the most a reader takes.
    /// </summary>
    [ConfigurationKeyName("max_locations")]
    [Range(1, 1_000)]
    public int MaxLocations { get; set; } = 100;

    /// <summary>
    /// Days an id stays reserved for the certificate that last held it, across restarts of the Maestro and expired
    /// entries, so that no other member can take over a node's name. Default 7.
    /// </summary>
    [ConfigurationKeyName("id_grace_days")]
    [Range(1, 3_650)]
    public int IdGraceDays { get; set; } = 7;

    /// <summary>The most id reservations kept (and persisted in <see cref="StateDir"/>); beyond, the stalest unused one is dropped. Default 20,000.</summary>
    [ConfigurationKeyName("max_id_claims")]
    [Range(1, 1_000_000)]
    public int MaxIdClaims { get; set; } = 20_000;

    /// <summary>
    /// The network's shared secret, which peers prove they hold (and the Maestro proves to them) before any change; it never crosses the wire. Required, at least 16 characters;
    /// when unset, read from the environment variable <c>P2P_NETWORK_KEY</c>. Never commit it to a config file.
    /// </summary>
    [ConfigurationKeyName(NetworkKeyOptions.ConfigurationKey)]
    public string NetworkKey { get; set; } = "";

    /// <summary>The token the local control API asks for (<c>Authorization: Bearer</c>). Default: the one kept in <see cref="StateDir"/>.</summary>
    [ConfigurationKeyName(ControlTokenOptions.ConfigurationKey)]
    public string ControlToken { get; set; } = "";

    /// <summary>REST requests each client IP may make per second, on average. Default 2,000; 0 turns the limit off.</summary>
    [ConfigurationKeyName("rate_limit_per_second")]
    [Range(0, 1_000_000)]
    public int RateLimitPerSecond { get; set; } = 2_000;

    /// <summary>REST requests a client may make at once after a quiet spell. Default 4,000.</summary>
    [ConfigurationKeyName("rate_limit_burst")]
    [Range(1, 1_000_000)]
    public int RateLimitBurst { get; set; } = 4_000;

    /// <summary>The largest REST request body, in bytes. Default 64 MiB: a registration of 100,000 files with long names fits.</summary>
    [ConfigurationKeyName("max_request_body_bytes")]
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    public TimeSpan PeerTtl => TimeSpan.FromSeconds(PeerTtlSeconds);

    public TimeSpan IdGrace => TimeSpan.FromDays(IdGraceDays);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (NetworkKeyOptions.Validate(NetworkKey, SectionName) is { } error)
        {
            yield return new ValidationResult(error, [NetworkKeyOptions.ConfigurationKey]);
        }
        if (string.IsNullOrWhiteSpace(StateDir))
        {
            yield return new ValidationResult("state_dir must name a folder for the Maestro's identity.", ["state_dir"]);
        }
        if (MaxIdClaims < MaxPeers)
        {
            yield return new ValidationResult("max_id_claims must be at least max_peers: every listed peer holds its id.", ["max_id_claims", "max_peers"]);
        }
    }
}
