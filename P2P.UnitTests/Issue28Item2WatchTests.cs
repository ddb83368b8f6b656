using Grpc.Core;
using P2P.Contracts.Files;
using P2P.Contracts.Security;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Grpc;

namespace P2P.Tests.Unit;

/// <summary>
/// Availability on the wire (issue 28 item 2): Watch sends the bitfield first, then each newly verified chunk within
/// <see cref="AvailabilityServer.HaveDelay"/> (several coalesced), <c>complete</c> once all are; a complete copy, a full
/// bitfield and the chunks it sent least; and it records a caller that downloads the version too while it watches.
/// </summary>
public sealed class Issue28Item2WatchTests : FileTransferServiceTestBase
{
    private const int Chunks = 6;
    private readonly byte[] _content = RandomBytes(Chunks * ChunkLayout.ChunkSize - 100);
    private readonly CancellationTokenSource _caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private readonly ChannelServerStreamWriter<Availability> _stream = new();

    [Fact]
    public async Task The_bitfield_comes_first_then_a_verified_chunk_within_the_have_delay_and_not_before()
    {
        var entry = Peer.PutPartial("big.bin", _content, 0, 2);
        var watch = Watch(entry.Manifest.Sha256);

        var first = await _stream.NextAsync();
        var timers = Peer.Time.Timers;
        entry.Verified(5);
        await Peer.Time.TimerCreatedAsync(timers);
        Peer.Time.Advance(AvailabilityServer.HaveDelay - TimeSpan.FromMilliseconds(1));
        var early = _stream.Written.TryRead(out _);
        Peer.Time.Advance(TimeSpan.FromMilliseconds(1));
        var have = await _stream.NextAsync();

        Assert.InRange(AvailabilityServer.HaveDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250));
        Assert.Equal([0b1010_0000], first.Bitfield.ToByteArray());
        Assert.False(first.Complete);
        Assert.False(early);
        Assert.Equal([5], have.Have);
        Assert.Empty(have.Bitfield);
        Assert.False(have.Complete);
        await StopAsync(watch);
    }

    [Fact]
    public async Task Chunks_verified_within_the_delay_share_one_message_and_the_last_one_says_complete_before_the_call_ends()
    {
        var entry = Peer.PutPartial("big.bin", _content, 0, 1, 2);
        var watch = Watch(entry.Manifest.Sha256);
        await _stream.NextAsync();

        var timers = Peer.Time.Timers;
        entry.Verified(3);
        entry.Verified(4);
        await Peer.Time.TimerCreatedAsync(timers);
        Peer.Time.Advance(AvailabilityServer.HaveDelay);
        var both = await _stream.NextAsync();
        timers = Peer.Time.Timers;
        entry.Verified(5);
        entry.Dispose();
        await Peer.Time.TimerCreatedAsync(timers);
        Peer.Time.Advance(AvailabilityServer.HaveDelay);
        var last = await _stream.NextAsync();
        await watch.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.Equal([3, 4], both.Have);
        Assert.False(both.Complete);
        Assert.Equal([5], last.Have);
        Assert.True(last.Complete);
        Assert.False(_stream.Written.TryRead(out _));
    }

    [Fact]
    public async Task A_download_that_leaves_the_shelf_unfinished_ends_the_call_without_complete()
    {
        var entry = Peer.PutPartial("big.bin", _content, 0);
        var watch = Watch(entry.Manifest.Sha256);
        await _stream.NextAsync();

        entry.Dispose();
        await watch.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.False(_stream.Written.TryRead(out _));
    }

    [Fact]
    public async Task A_complete_copy_sends_a_full_bitfield_with_complete_then_suggests_the_chunks_it_sent_least()
    {
        var file = await Peer.ShareAsync("big.bin", _content, Token);
        await DownloadAsync(new DownloadRequest { FileName = "big.bin", Length = ChunkLayout.ChunkSize });
        var timers = Peer.Time.Timers;
        var watch = Watch(file.Sha256);

        var first = await _stream.NextAsync();
        await Peer.Time.TimerCreatedAsync(timers);
        Peer.Time.Advance(AvailabilityServer.SuggestInterval);
        var suggestion = await _stream.NextAsync();

        Assert.True(first.Complete);
        Assert.Equal([0b1111_1100], first.Bitfield.ToByteArray());
        Assert.Equal(Enumerable.Range(0, Chunks), suggestion.Suggest.Order());
        Assert.Equal(0, suggestion.Suggest[^1]);
        await StopAsync(watch);
    }

    [Fact]
    public async Task A_watch_ends_when_the_peer_stops_so_the_server_s_graceful_stop_does_not_wait_for_it()
    {
        var file = await Peer.ShareAsync("big.bin", _content, Token);
        var watch = Watch(file.Sha256);
        await _stream.NextAsync();

        Peer.Lifetime.StopApplication();

        await watch.WaitAsync(TimeSpan.FromSeconds(10), Token);
    }

    [Fact]
    public async Task A_version_neither_shared_nor_on_the_shelf_is_not_found_and_a_missing_sha256_is_invalid()
    {
        await Peer.ShareAsync("big.bin", _content, Token);

        await AssertStatusAsync(StatusCode.NotFound, () => Watch(new string('1', 64)));
        await AssertStatusAsync(StatusCode.InvalidArgument, () => Watch(""));
    }

    [Fact]
    public async Task A_caller_that_downloads_the_version_too_is_a_watching_peer_with_its_proven_fingerprint_while_its_call_is_open()
    {
        var entry = Peer.PutPartial("big.bin", _content, 0);
        using var caller = NodeIdentity.Ephemeral(TimeProvider.System);
        var watch = Watch(
            entry.Manifest.Sha256, "https://peer7.example:7001", new TestServerCallContext(_caller.Token, "ipv4:10.0.0.7:4000", caller.Certificate));
        await _stream.NextAsync();

        var watching = Peer.Watching.Of(entry.Manifest.Sha256);
        await StopAsync(watch);

        var source = Assert.Single(watching);
        Assert.Equal("https://peer7.example:7001", source.GrpcUrl);
        Assert.Equal(Fingerprint.Of(caller.Certificate), source.Fingerprint);
        Assert.True(source.Partial);
        Assert.Empty(Peer.Watching.Of(entry.Manifest.Sha256));
    }

    [Theory]
    [InlineData("http://peer7.example:7001")]
    [InlineData("https://")]
    [InlineData("https://127.0.0.1:7001")]
    [InlineData("https://peer7.example/\u0000")]
    public async Task A_grpc_url_that_is_not_a_remote_https_address_is_an_invalid_argument(string url)
    {
        var entry = Peer.PutPartial("big.bin", _content, 0);
        using var caller = NodeIdentity.Ephemeral(TimeProvider.System);

        await AssertStatusAsync(StatusCode.InvalidArgument,
            () => Watch(entry.Manifest.Sha256, url, new TestServerCallContext(_caller.Token, "ipv4:10.0.0.7:4000", caller.Certificate)));
        Assert.Empty(Peer.Watching.Of(entry.Manifest.Sha256));
    }

    private Task Watch(string sha256, string grpcUrl = "", TestServerCallContext? context = null) =>
        Peer.Service.Watch(
            new WatchRequest { FileName = "big.bin", Sha256 = sha256, GrpcUrl = grpcUrl }, _stream, context ?? new TestServerCallContext(_caller.Token));

    private async Task StopAsync(Task watch)
    {
        await _caller.CancelAsync();
        await watch.WaitAsync(TimeSpan.FromSeconds(10), Token);
    }
}
