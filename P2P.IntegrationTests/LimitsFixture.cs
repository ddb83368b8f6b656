namespace P2P.Tests.Integration;

/// <summary>
/// The network for <see cref="LimitTests"/>: tiny rate limits, body caps, transfers per client, upload quota, idle limit and download queue,
/// so that each limit is easy to run into. Shared by the classes of the <see cref="LimitsNetwork"/> collection.
/// </summary>
public sealed class LimitsFixture : AppHostFixture
{
    public const int MaestroBodyBytes = 64 * 1024;
    public const int PeerBodyBytes = 4 * 1024;
    public const int TransfersPerClient = 2;
    public const int UploadQuotaBytes = 1024 * 1024;
    public const int FetchIdleSeconds = 2;

    protected override IEnumerable<string> ExtraArgs =>
    [
        // The peers' heartbeats (three a second) share the Maestro's budget with the tests: all come from loopback.
        "--Maestro:rate_limit_per_second=10",
        "--Maestro:rate_limit_burst=30",
        $"--Maestro:max_request_body_bytes={MaestroBodyBytes}",
        "--Peer:rate_limit_per_second=5",
        "--Peer:rate_limit_burst=10",
        $"--Peer:max_request_body_bytes={PeerBodyBytes}",
        $"--Peer:max_transfers_per_client={TransfersPerClient}",
        $"--Peer:upload_quota_bytes={UploadQuotaBytes}",
        $"--Peer:fetch_idle_seconds={FetchIdleSeconds}",
        "--Peer:max_queued_downloads=1",
    ];
}
