using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace P2P.Peer;

/// <summary>A peer's limits: what it accepts from clients, how much it keeps, and how long it waits.</summary>
public sealed partial class PeerOptions
{
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
}
