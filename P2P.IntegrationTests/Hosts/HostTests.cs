namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// What the tests across hosts share: their token, a limit on every wait that outlasts the downloader's 30 s limit on
/// a silent source (a cut link is silence, not a reset), and sources whose uplink is slow enough to cut mid-download.
/// </summary>
public abstract class HostTests
{
    protected const int MiB = 1024 * 1024;
    protected static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    protected CancellationToken Token { get; } = TestContext.Current.CancellationToken;

    /// <summary>Shares <paramref name="bytes"/> as <paramref name="file"/> on each host and starts peers S1, S2… there, each serving at most <paramref name="bytesPerSecond"/>.</summary>
    protected async Task<HostProcess[]> StartSourcesAsync(NetworkHost maestro, IReadOnlyList<NetworkHost> hosts, string file, byte[] bytes, long bytesPerSecond)
    {
        await Task.WhenAll(hosts.Select(h => h.ShareAsync(file, bytes, Token)));
        var capped = SoftState.Peer(new Dictionary<string, object> { ["serve_bytes_per_second"] = bytesPerSecond });
        return await Task.WhenAll(hosts.Select((h, i) => h.StartPeerAsync($"S{i + 1}", maestro, capped, Token)));
    }
}
