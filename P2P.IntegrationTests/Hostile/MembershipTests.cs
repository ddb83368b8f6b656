using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using P2P.Cli.Get;
using P2P.Connections;
using P2P.Contracts.Files;
using P2P.Contracts.Peers;
using P2P.Peer.Discovery;
using P2P.Transfer;
using P2P.Transfer.Sources;

namespace P2P.Tests.Integration.Hostile;

/// <summary>
/// Who a downloader and a peer accept on the other end of a connection: a source or a friend that cannot prove the
/// key, a relay in the middle, and a source whose certificate is not the one the directory reported, are all refused.
/// </summary>
public sealed class MembershipTests : IAsyncLifetime, IDisposable
{
    private const string Name = "guarded.bin";
    private const string OtherKey = "a-network-key-of-another-network";
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(30);

    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly TempFolder _temp = new();
    private readonly EngineDownloads _engine = new(TimeProvider.System);
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(3 * ChunkLayout.ChunkSize + 17);
    private FakeSourcePeer _honest = null!;

    public async ValueTask InitializeAsync()
    {
        _honest = new FakeSourcePeer(Name, _content);
        await _honest.StartAsync(_token);
    }

    [Fact]
    public async Task A_source_without_the_key_serves_nothing_a_downloader_accepts()
    {
        await using var outsider = new FakeSourcePeer(Name, _content) { Member = TestMembers.Holding(OtherKey) };
        await outsider.StartAsync(_token);

        var alone = await FailAsync(_engine.Create(Name, Folder("alone"), outsider.Url));
        var beside = _engine.Create(Name, Folder("beside"), outsider.Url, _honest.Url);
        await beside.RunAsync(null, _token).WaitAsync(s_within, _token);

        Assert.Contains("refused this node's membership proof", alone);
        Assert.Empty(outsider.Requests);
        Assert.Equal(_content, await File.ReadAllBytesAsync(Path.Combine(Folder("beside"), Name), _token));
    }

    [Fact]
    public async Task A_source_whose_certificate_is_not_the_one_reported_is_refused_naming_it_and_both_fingerprints()
    {
        await using var impostor = new FakeSourcePeer(Name, _content);
        await impostor.StartAsync(_token);
        var reported = _honest.Member.Identity.Fingerprint;

        var error = await FailAsync(_engine.Create(Name, Folder("pinned"), new SourceAddress("P7", impostor.Url, reported)));

        Assert.Contains("P7", error);
        Assert.Contains(reported, error);
        Assert.Contains(impostor.Member.Identity.Fingerprint, error);
        Assert.Empty(impostor.Requests);
    }

    [Fact]
    public async Task A_relay_in_the_middle_is_refused_whether_or_not_it_knows_the_fingerprint_to_expect()
    {
        await using var relay = new TlsRelay(_honest.Url);

        var unpinned = await FailAsync(_engine.Create(Name, Folder("relayed"), relay.Url));
        var pinned = await FailAsync(_engine.Create(Name, Folder("relayed-pinned"), new SourceAddress("P1", relay.Url, _honest.Member.Identity.Fingerprint)));

        // Without a pin the relay forwards the proof, but it is bound to the relay's certificates, not the source's.
        Assert.Contains("refused this node's membership proof", unpinned);
        Assert.Contains($"presented certificate {relay.Fingerprint}", pinned);
        Assert.Empty(_honest.Requests);
    }

    [Fact]
    public async Task A_friend_without_the_key_gets_no_query_and_its_answer_is_never_read()
    {
        await using var outsider = new FakeSourcePeer(Name, _content) { Member = TestMembers.Holding(OtherKey) };
        await outsider.StartAsync(_token);
        using var channels = new PeerChannels(TestMembers.Holding(), TimeProvider.System);
        var friends = new FriendClient(channels, NullLogger<FriendClient>.Instance);

        var refused = await Assert.ThrowsAsync<MembershipException>(() =>
            friends.AskAsync(outsider.Url, new FriendQuery("0123456789abcdef", Name, 2, ["P1"]), _token));

        Assert.Contains("refused this node's membership proof", refused.Message);
    }

    public async ValueTask DisposeAsync() => await _honest.DisposeAsync();

    public void Dispose()
    {
        _engine.Dispose();
        _temp.Dispose();
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_temp.Path, name)).FullName;

    private async Task<string> FailAsync(FileDownload download)
    {
        var failed = await Assert.ThrowsAsync<DownloadFailedException>(() => download.RunAsync(null, _token).WaitAsync(s_within, _token));
        Assert.False(File.Exists(Path.Combine(_temp.Path, Name)));
        return failed.Message;
    }
}
