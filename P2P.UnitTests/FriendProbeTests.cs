using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using P2P.Peer;
using P2P.Peer.Ui;
using P2P.Connections;

namespace P2P.Tests.Unit;

/// <summary>Issue 29: the Network page's friend probe says which friend does not answer, and asks at most once per window.</summary>
public sealed class FriendProbeTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly PeerChannels _channels = new(TestMembers.Holding(), TimeProvider.System);

    [Fact]
    public async Task Issue29_a_friend_that_does_not_answer_is_shown_so_and_asked_again_only_after_the_window()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var closed = silent.LocalEndpoint.ToString();
        silent.Stop();
        var probe = new FriendProbe(_channels, Options.Create(new PeerOptions { FriendPeerPrimary = $"https://{closed}", FriendTimeoutMs = 2000 }), _time);
        var token = TestContext.Current.CancellationToken;

        var first = await probe.CheckAsync(token).WaitAsync(TimeSpan.FromSeconds(30), token);
        _time.Advance(FriendProbe.FreshFor / 2);
        var cached = await probe.CheckAsync(token).WaitAsync(TimeSpan.FromSeconds(30), token);
        _time.Advance(FriendProbe.FreshFor);
        var again = await probe.CheckAsync(token).WaitAsync(TimeSpan.FromSeconds(30), token);

        var friend = Assert.Single(first);
        Assert.False(friend.Answers);
        Assert.Equal("primary", friend.Role);
        Assert.Same(first, cached);
        Assert.NotSame(first, again);
        Assert.Equal(_time.GetUtcNow(), Assert.Single(again).CheckedAt);
    }

    public void Dispose() => _channels.Dispose();
}
