using P2P.Peer.Swarm;
using P2P.Transfer.Sources;

namespace P2P.Tests.Unit;

/// <summary>The peers watching a version here (issue 28 item 2): one entry per proven fingerprint while any of its calls is open, bounded.</summary>
public sealed class Issue28Item2WatchingPeersTests
{
    private readonly WatchingPeers _peers = new();

    [Fact]
    public void A_peer_on_two_calls_is_listed_once_with_its_latest_address_until_both_end()
    {
        var first = _peers.Add(Sha('a'), Watcher(1, "https://old.example:1"))!;
        var second = _peers.Add(Sha('a'), Watcher(1, "https://new.example:1"))!;

        var both = _peers.Of(Sha('a'));
        first.Dispose();
        first.Dispose();
        var one = _peers.Of(Sha('a'));
        second.Dispose();

        Assert.Equal("https://new.example:1", Assert.Single(both).GrpcUrl);
        Assert.Single(one);
        Assert.Empty(_peers.Of(Sha('a')));
        Assert.Empty(_peers.Of(Sha('b')));
    }

    [Fact]
    public void Past_the_bound_of_a_version_and_of_all_a_watcher_is_not_recorded()
    {
        var perVersion = Enumerable.Range(0, WatchingPeers.MaxPerVersion).Select(i => _peers.Add(Sha('a'), Watcher(i, "https://p.example:1"))).ToList();
        var pastVersion = _peers.Add(Sha('a'), Watcher(WatchingPeers.MaxPerVersion, "https://p.example:1"));
        for (var i = WatchingPeers.MaxPerVersion; i < WatchingPeers.MaxTotal; i++)
        {
            Assert.NotNull(_peers.Add(Convert.ToHexStringLower(BitConverter.GetBytes((long)i)).PadLeft(64, '0'), Watcher(i, "https://p.example:1")));
        }
        var pastTotal = _peers.Add(Sha('b'), Watcher(0, "https://p.example:1"));

        Assert.All(perVersion, Assert.NotNull);
        Assert.Null(pastVersion);
        Assert.Null(pastTotal);
        Assert.Equal(WatchingPeers.MaxPerVersion, _peers.Of(Sha('a')).Count);
    }

    private static string Sha(char digit) => new(digit, 64);

    private static SourceAddress Watcher(int n, string url)
    {
        var fingerprint = n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
        return new SourceAddress(fingerprint, url, fingerprint, Partial: true);
    }
}
