using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using P2P.Contracts.Maestro;
using P2P.Contracts.Security;
using P2P.Hosting;
using P2P.Hosting.Security;

namespace P2P.Peer;

/// <summary>
/// A peer's settings, section <c>Peer</c>: who it is and where it listens, whom it asks, how long it waits, and its limits
/// (what it accepts from clients, how much it keeps). The keys are the seed's <c>config.json</c> keys; under Aspire the
/// AppHost sets them as <c>Peer__key</c> environment variables. One class for the one section, so a key is looked up in
/// one place; the swarm's keys are the exception, kept with their feature (<see cref="Swarm.SwarmOptions"/>).
/// </summary>
public sealed class PeerOptions : IServiceOptions, IValidatableObject
{
    public const string SectionName = "Peer";

    /// <summary>The endpoints a <c>config.json</c> sets the ports of, with the key holding each port.</summary>
    public static IReadOnlyDictionary<string, string> PortKeysByEndpoint { get; } =
        new Dictionary<string, string> { ["http"] = "port", ["grpc"] = "grpc_port" };

    static string IServiceOptions.Section => SectionName;

    static string IServiceOptions.TlsEndpoint => "grpc";

    /// <summary>The peer's id in the network, e.g. <c>P1</c>. Required.</summary>
    [ConfigurationKeyName("id")]
    [Required]
    public string Id { get; set; } = "";

    /// <summary>The address the TLS port listens on. Default <c>0.0.0.0</c> (every interface).</summary>
    [ConfigurationKeyName("ip")]
    public string Ip { get; set; } = "0.0.0.0";

    /// <summary>
    /// The plain REST (HTTP/1.1) port, for this machine (it listens on <c>rest_ip</c>, default <c>localhost</c>). Default 8000.
    /// </summary>
    [ConfigurationKeyName("port")]
    [Range(1, 65535)]
    public int Port { get; set; } = 8000;

    /// <summary>
    /// The TLS port: gRPC transfers and the REST calls of other nodes (friends' lookups), after the membership proof; the
    /// only port to expose to other machines. Default 50051.
    /// </summary>
    [ConfigurationKeyName("grpc_port")]
    [Range(1, 65535)]
    public int GrpcPort { get; set; } = 50051;

    /// <summary>The folder whose files this peer shares. Required; created when missing.</summary>
    [ConfigurationKeyName("shared_dir")]
    [Required]
    public string SharedDir { get; set; } = "";

    /// <summary>The most Maestros one <c>maestro_url</c> list names.</summary>
    public const int MaxMaestros = 4;

    /// <summary>
    /// The Maestro's TLS URL (<c>https://host:9443</c>), a literal address or a service-discovery name; or, as a list,
    /// up to <see cref="MaxMaestros"/> of them, called in turn when one does not answer (<see cref="MaestroUrls"/>). Required.
    /// </summary>
    [ConfigurationKeyName("maestro_url")]
    public string MaestroUrl { get; set; } = "";

    /// <summary><c>maestro_url</c> written as a list, bound apart because a string property takes no list. Default empty.</summary>
    [ConfigurationKeyName("maestro_url")]
    public List<string> MaestroUrlList { get; set; } = [];

    /// <summary>Every Maestro this peer may call, in the order it prefers them: the one <c>maestro_url</c>, or its list.</summary>
    public IReadOnlyList<string> MaestroUrls => MaestroUrl.Length > 0 ? [MaestroUrl] : MaestroUrlList;

    /// <summary><see cref="MaestroUrls"/> in one line, for logs and the status page.</summary>
    public string MaestroUrlsText => string.Join(", ", MaestroUrls);

    /// <summary>
    /// The SHA-256 fingerprint (64 lower-case hex digits) of the certificate the Maestro must show, checked at every
    /// handshake before anything is sent. Optional: without it the first certificate that proves the network key is the
    /// only one accepted from then on.
    /// </summary>
    [ConfigurationKeyName("maestro_fingerprint")]
    public string? MaestroFingerprint { get; set; }

    /// <summary>
    /// The TLS URL (its <c>grpc_url</c>) of the friend asked first when looking for a file without the Maestro. Optional.
    /// </summary>
    [ConfigurationKeyName("friend_peer_primary")]
    public string? FriendPeerPrimary { get; set; }

    /// <summary>The TLS URL of the friend asked when the primary fails or has nothing. Optional.</summary>
    [ConfigurationKeyName("friend_peer_backup")]
    public string? FriendPeerBackup { get; set; }

    /// <summary>The REST URL other peers reach this one at. Default <c>http://{ip}:{port}</c>; for a wildcard <c>ip</c>, the address
    /// this host reaches the Maestro from, or <c>localhost</c> when the Maestro is on this host or named by host name.</summary>
    [ConfigurationKeyName("rest_url")]
    public string? RestUrl { get; set; }

    /// <summary>The TLS URL other peers reach this one at. Default <c>https://{ip}:{grpc_port}</c>, with the host chosen as for
    /// <see cref="RestUrl"/>.</summary>
    [ConfigurationKeyName("grpc_url")]
    public string? GrpcUrl { get; set; }

    /// <summary>Seconds between heartbeats to the Maestro. Default 5.</summary>
    [ConfigurationKeyName("heartbeat_seconds")]
    [Range(1, 3600)]
    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>Milliseconds of quiet in the shared folder before a change is rescanned and registered. Default 500.</summary>
    [ConfigurationKeyName("rescan_debounce_ms")]
    [Range(10, 60_000)]
    public int RescanDebounceMs { get; set; } = 500;

    /// <summary>Milliseconds a friend has to answer a lookup before the next one is asked. Default 2000.</summary>
    [ConfigurationKeyName("friend_timeout_ms")]
    [Range(50, 60_000)]
    public int FriendTimeoutMs { get; set; } = 2000;

    /// <summary>The largest file, in bytes, another peer may upload to this one. Default 4 GiB (4294967296).</summary>
    [ConfigurationKeyName("max_upload_bytes")]
    [Range(0, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Hops a friends lookup may take (the query's TTL). Default 3; capped by <see cref="MaxQueryTtl"/>.</summary>
    [ConfigurationKeyName("query_ttl")]
    [Range(1, 16)]
    public int QueryTtl { get; set; } = 3;

    /// <summary>The most hops this peer lets any query take, whatever TTL it arrives with. Default 8.</summary>
    [ConfigurationKeyName("max_query_ttl")]
    [Range(1, 16)]
    public int MaxQueryTtl { get; set; } = 8;

    /// <summary>Downloads that run at once; more are queued. Default 4.</summary>
    [ConfigurationKeyName("max_concurrent_downloads")]
    [Range(1, 64)]
    public int MaxConcurrentDownloads { get; set; } = 4;

    /// <summary>
    /// Chunk streams a download keeps open to each source (at most 4 for the download). Default 1: one HTTP/2 stream
    /// keeps a source sending, and delivers its chunks in the order the whole-file hash takes them. More may help over
    /// a link with a long round trip.
    /// </summary>
    [ConfigurationKeyName("download_streams_per_source")]
    [Range(1, 16)]
    public int DownloadStreamsPerSource { get; set; } = 1;

    /// <summary>REST requests each client IP may make per second, on average. Default 1,000; 0 turns the limit off.</summary>
    [ConfigurationKeyName("rate_limit_per_second")]
    [Range(0, 1_000_000)]
    public int RateLimitPerSecond { get; set; } = 1_000;

    /// <summary>REST requests a client may make at once after a quiet spell. Default 2,000.</summary>
    [ConfigurationKeyName("rate_limit_burst")]
    [Range(1, 1_000_000)]
    public int RateLimitBurst { get; set; } = 2_000;

    /// <summary>The largest REST request body, in bytes. Default 1 MiB (the peer's requests are small JSON documents).</summary>
    [ConfigurationKeyName("max_request_body_bytes")]
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// gRPC transfers (Download and Upload calls) one client IP may have in flight at once. Default 64: our own
    /// downloader opens at most 4 streams per download to a source, and by default one: 4 with max_concurrent_downloads at 4.
    /// </summary>
    [ConfigurationKeyName("max_transfers_per_client")]
    [Range(1, 10_000)]
    public int MaxTransfersPerClient { get; set; } = 64;

    /// <summary>
    /// The most bytes the shared folder may hold for an upload to be accepted: the files already shared, the uploads
    /// under way and the new one together. Default 100 GiB (107374182400).
    /// </summary>
    [ConfigurationKeyName("upload_quota_bytes")]
    [Range(0, long.MaxValue)]
    public long UploadQuotaBytes { get; set; } = 100L * 1024 * 1024 * 1024;

    /// <summary>The most bytes per second this peer sends to downloaders, all of them together; 0 for no limit. Default 0.</summary>
    [ConfigurationKeyName("serve_bytes_per_second")]
    [Range(0, long.MaxValue)]
    public long ServeBytesPerSecond { get; set; }

    /// <summary>Seconds a finished download (completed, failed or cancelled) stays listed under <c>/downloads</c>. Default 3600.</summary>
    [ConfigurationKeyName("finished_download_retention_seconds")]
    [Range(1, 31_536_000)]
    public int FinishedDownloadRetentionSeconds { get; set; } = 3600;

    /// <summary>Finished downloads kept listed at most; the oldest finished are dropped first. Default 1,000.</summary>
    [ConfigurationKeyName("max_finished_downloads")]
    [Range(0, 1_000_000)]
    public int MaxFinishedDownloads { get; set; } = 1_000;

    /// <summary>Downloads running or queued at once; a start beyond them is refused with 503. Default 256.</summary>
    [ConfigurationKeyName("max_queued_downloads")]
    [Range(1, 100_000)]
    public int MaxQueuedDownloads { get; set; } = 256;

    /// <summary>
    /// Hours after its last write that an abandoned file in the staging folder (a partial download or upload nothing is
    /// running for) is deleted. Default 168 (7 days).
    /// </summary>
    [ConfigurationKeyName("staging_max_age_hours")]
    [Range(1, 87_600)]
    public int StagingMaxAgeHours { get; set; } = 168;

    /// <summary>
    /// The most bytes the staging folder may hold: partial downloads and uploads under way together. A download or upload
    /// that would pass it is refused. Default 64 GiB (68719476736).
    /// </summary>
    [ConfigurationKeyName("max_staging_bytes")]
    [Range(0, long.MaxValue)]
    public long MaxStagingBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>
    /// Seconds a Fetch may wait for its caller's next request while nothing is being sent, or an Upload for its next
    /// message, before the peer ends the call (DeadlineExceeded) and frees its transfer slot. Default 30.
    /// </summary>
    [ConfigurationKeyName("fetch_idle_seconds")]
    [Range(1, 3600)]
    public int FetchIdleSeconds { get; set; } = 30;

    /// <summary>
    /// Milliseconds a new or changed file's size and modification time must stay the same before it is hashed and
    /// registered, so a file still being written is not announced half-written; 0 registers at once. Default 2000.
    /// </summary>
    [ConfigurationKeyName("file_settle_ms")]
    [Range(0, 3_600_000)]
    public int FileSettleMs { get; set; } = 2000;

    /// <summary>
    /// The network's shared secret, which this peer proves it holds to every node it calls (and asks every caller to prove);
    /// it never crosses the wire. Required, at least 16
    /// characters; when unset, read from the environment variable <c>P2P_NETWORK_KEY</c>. Never commit it to a config file.
    /// </summary>
    [ConfigurationKeyName(NetworkKeyOptions.ConfigurationKey)]
    public string NetworkKey { get; set; } = "";

    /// <summary>
    /// The token the local control API asks for (<c>Authorization: Bearer</c>: downloads, a rescan). Default: the one kept
    /// in the state folder (<c>.p2p/control-token</c> in the shared folder), created at first start.
    /// </summary>
    [ConfigurationKeyName(ControlTokenOptions.ConfigurationKey)]
    public string ControlToken { get; set; } = "";

    /// <summary>Whether <see cref="Ip"/> is a wildcard, which cannot be advertised as it is.</summary>
    public bool ListensOnEveryInterface => Ip is "" or "0.0.0.0" or "::" or "*";

    public string AdvertisedRestUrl => RestUrl ?? LocalUrl(Port, "http");

    public string AdvertisedGrpcUrl => GrpcUrl ?? LocalUrl(GrpcPort, "https");

    /// <summary>The hidden folder inside the shared folder for the peer's own state (identity, lease, hashes, staging).</summary>
    public string StateDirectory =>
        SharedDir.Length == 0 ? "" : Path.Combine(Path.TrimEndingDirectorySeparator(Path.GetFullPath(SharedDir)), StateFolderName);

    public const string StateFolderName = ".p2p";

    public IEnumerable<string> Friends => new[] { FriendPeerPrimary, FriendPeerBackup }.OfType<string>().Where(f => f.Length > 0);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!PeerId.IsValid(Id))
        {
            yield return new ValidationResult(PeerId.Rule, [nameof(Id)]);
        }
        if (NetworkKeyOptions.Validate(NetworkKey, SectionName) is { } keyError)
        {
            yield return new ValidationResult(keyError, [NetworkKeyOptions.ConfigurationKey]);
        }
        if (!string.IsNullOrEmpty(MaestroFingerprint) && !Fingerprint.IsValid(MaestroFingerprint))
        {
            yield return new ValidationResult(
                "maestro_fingerprint must be a certificate's SHA-256 fingerprint: 64 lower-case hexadecimal digits.", ["maestro_fingerprint"]);
        }
        if (MaestroUrls.Count is 0 or > MaxMaestros)
        {
            yield return new ValidationResult($"maestro_url must name one Maestro's URL, or a list of 1 to {MaxMaestros}.", ["maestro_url"]);
        }
        var maestros = MaestroUrls.Select(url => ("maestro_url", (string?)url)).ToArray();
        foreach (var (name, url) in new[]
        {
            ("friend_peer_primary", FriendPeerPrimary), ("friend_peer_backup", FriendPeerBackup), ("rest_url", RestUrl), ("grpc_url", GrpcUrl),
        }.Concat(maestros))
        {
            if (!string.IsNullOrEmpty(url) && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                yield return new ValidationResult($"{name} must be an absolute URL; '{url}' is not.", [name]);
            }
        }
        foreach (var (name, url) in new[] { ("friend_peer_primary", FriendPeerPrimary), ("friend_peer_backup", FriendPeerBackup) }.Concat(maestros))
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme != Uri.UriSchemeHttps)
            {
                yield return new ValidationResult(
                    $"{name} must be the node's TLS address (https://host:port: the Maestro's tls_port, a friend's grpc_port); "
                    + $"'{url}' is not: nodes speak to each other over TLS only.", [name]);
            }
        }
    }

    // Loopback is right for one machine; rest_url/grpc_url override it, as OutwardAddress does toward a Maestro on another host.
    private string LocalUrl(int port, string scheme)
    {
        var host = ListensOnEveryInterface ? "localhost" : Ip.Contains(':') ? $"[{Ip}]" : Ip;
        return string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host}:{port}");
    }
}
