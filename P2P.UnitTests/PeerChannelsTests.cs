using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using P2P.Connections;
using P2P.Contracts.Transfer.V1;

namespace P2P.Tests.Unit;

/// <summary>Channels to remote peers: reused per URL, released when unused past the idle limit, capped least recently used first.</summary>
public sealed class PeerChannelsTests : IDisposable
{
    private static readonly TimeSpan s_idle = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new();
    private readonly SilentPeer _peer = new();
    private readonly PeerChannels _channels;

    public PeerChannelsTests()
    {
        _channels = new PeerChannels(TestMembers.Holding(), _time, s_idle, maxChannels: 3, createHandler: () => _peer);
    }

    [Fact]
    public void One_url_has_one_channel_whatever_its_case()
    {
        var channel = _channels.For("http://a.test:1");

        Assert.Same(channel, _channels.For("HTTP://A.TEST:1"));
        Assert.Equal(1, _channels.Count);
    }

    [Fact]
    public void A_channel_unused_for_the_idle_limit_is_released_and_made_anew_when_asked_for_again()
    {
        var channel = _channels.For("http://a.test:1");

        _time.Advance(s_idle / 2);
        Assert.Equal(1, _channels.Count);
        _time.Advance(s_idle);

        Assert.Equal(0, _channels.Count);
        Assert.NotSame(channel, _channels.For("http://a.test:1"));
    }

    [Fact]
    public async Task A_channel_with_a_call_in_flight_is_kept_however_long_the_call_lasts_and_released_once_it_ends()
    {
        var channel = _channels.For("http://a.test:1");
        var call = new FileTransfer.FileTransferClient(channel).Fetch(cancellationToken: TestContext.Current.CancellationToken);
        await _peer.Asked.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        _time.Advance(s_idle * 3);
        Assert.Same(channel, _channels.For("http://a.test:1"));

        call.Dispose();
        var waited = Stopwatch.StartNew();
        while (_channels.Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            _time.Advance(s_idle / 4);
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        Assert.Equal(0, _channels.Count);
    }

    [Fact]
    public void Past_the_cap_the_least_recently_used_channel_is_released()
    {
        var a = _channels.For("http://a.test:1");
        _time.Advance(TimeSpan.FromSeconds(1));
        var b = _channels.For("http://b.test:1");
        _time.Advance(TimeSpan.FromSeconds(1));
        var c = _channels.For("http://c.test:1");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Same(a, _channels.For("http://a.test:1"));
        _time.Advance(TimeSpan.FromSeconds(1));

        _channels.For("http://d.test:1");

        Assert.Equal(3, _channels.Count);
        Assert.Same(a, _channels.For("http://a.test:1"));
        Assert.Same(c, _channels.For("http://c.test:1"));
        Assert.NotSame(b, _channels.For("http://b.test:1"));
    }

    public void Dispose() => _channels.Dispose();

    /// <summary>A peer that takes every call and never answers.</summary>
    private sealed class SilentPeer : HttpMessageHandler
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Asked.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new UnreachableException();
        }
    }
}
