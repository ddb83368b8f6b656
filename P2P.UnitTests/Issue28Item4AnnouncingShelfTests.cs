using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Peer.Discovery;
using P2P.Peer.Maestro;
using P2P.Peer.Registration;
using P2P.Peer.Swarm;
using P2P.Transfer;
using P2P.Transfer.Swarm;

namespace P2P.Tests.Unit;

/// <summary>
/// Issue 28 item 4, the announcing peer: a download on the shelf is announced started with what it resumed, its progress
/// at most every few seconds, then completed or stopped, in order, to the entry's route with its lease; a Maestro that
/// fails costs the download nothing.
/// </summary>
public sealed class Issue28Item4AnnouncingShelfTests : IDisposable
{
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(10);
    private const int Chunk = P2P.Contracts.Files.ChunkLayout.ChunkSize;

    private readonly TransferTestPeer _peer = new("P7");
    private readonly FakeTimeProvider _time = new();
    private readonly PartialHoldings _holdings = new();
    private readonly RecordingShelf _inner = new();
    private readonly Channel<(string Path, string? Lease, PartialAnnounce Announce)> _sent = Channel.CreateUnbounded<(string, string?, PartialAnnounce)>();
    private readonly DownloadManifest _manifest = new("d1", "crowd.bin", new string('c', 64), 3L * Chunk + 100, Chunk, new byte[4 * 32]);
    private HttpStatusCode _answer = HttpStatusCode.NoContent;

    [Fact]
    public async Task Item4_started_progress_at_most_every_interval_then_completed_in_order_with_the_lease()
    {
        new LeaseStore(_peer.Folder).Save("the-lease");
        var entry = Shelf().Put(_manifest, "/staging/d1.partial", [0]);

        Assert.Equal(("/peers/P7/announce", "the-lease", AnnounceEvent.Started, _manifest.Size - Chunk), Read(await NextAsync()));
        entry.Verified(1);
        Assert.Equal(_manifest.Size - 2L * Chunk, Assert.Single(_holdings.Of("crowd.bin")).Left);
        _time.Advance(AnnouncingShelf.ProgressInterval);
        entry.Verified(2);
        Assert.Equal((AnnounceEvent.Progress, 100L), Event(await NextAsync()));
        entry.Verified(3);
        entry.Dispose();

        Assert.Equal((AnnounceEvent.Completed, 0L), Event(await NextAsync()));
        Assert.Equal([1, 2, 3], _inner.Verified);
        Assert.True(_inner.Disposed);
        Assert.Empty(_holdings.Of("crowd.bin"));
        Assert.False(_sent.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Item4_a_download_left_unfinished_is_announced_stopped_and_a_failing_Maestro_fails_nothing()
    {
        _answer = HttpStatusCode.InternalServerError;
        var entry = Shelf().Put(_manifest, "/staging/d1.partial", []);
        Assert.Equal((AnnounceEvent.Started, _manifest.Size), Event(await NextAsync()));

        entry.Verified(0);
        entry.Verified(99);
        entry.Dispose();
        entry.Dispose();

        Assert.Equal((AnnounceEvent.Stopped, _manifest.Size - Chunk), Event(await NextAsync()));
        Assert.Equal([0, 99], _inner.Verified);
        Assert.False(_sent.Reader.TryRead(out _));
    }

    [Fact]
    public void Item4_the_shelf_wraps_the_registered_one_and_without_one_there_is_nothing_to_announce()
    {
        var none = new ServiceCollection();
        AnnouncingShelf.Decorate(none);
        Assert.Empty(none);

        var services = new ServiceCollection().AddSingleton<IPartialShelf>(_inner).AddSingleton(_holdings).AddSingleton(new LeaseStore(_peer.Folder))
            .AddSingleton(Options.Create(_peer.Options)).AddSingleton<TimeProvider>(_time).AddSingleton(Maestro()).AddLogging();
        AnnouncingShelf.Decorate(services);
        using var provider = services.BuildServiceProvider();

        Assert.IsType<AnnouncingShelf>(provider.GetRequiredService<IPartialShelf>());
    }

    public void Dispose() => _peer.Dispose();

    private AnnouncingShelf Shelf() =>
        new(_inner, _holdings, Maestro(), new LeaseStore(_peer.Folder), Options.Create(_peer.Options), _time, NullLogger<AnnouncingShelf>.Instance);

    private MaestroClient Maestro() =>
        new(new HttpClient(new Recorder(this)) { BaseAddress = new Uri("https://maestro.test") }, NullLogger<MaestroClient>.Instance);

    private async Task<(string Path, string? Lease, PartialAnnounce Announce)> NextAsync() =>
        await _sent.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_within, TestContext.Current.CancellationToken);

    private static (string, string?, AnnounceEvent, long) Read((string Path, string? Lease, PartialAnnounce Announce) sent) =>
        (sent.Path, sent.Lease, sent.Announce.Event, sent.Announce.Left);

    private static (AnnounceEvent, long) Event((string Path, string? Lease, PartialAnnounce Announce) sent) => (sent.Announce.Event, sent.Announce.Left);

    /// <summary>The Maestro's side of the wire: each announce as it arrives, answered with the test's status.</summary>
    private sealed class Recorder(Issue28Item4AnnouncingShelfTests test) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var announce = JsonSerializer.Deserialize<PartialAnnounce>(await request.Content!.ReadAsStringAsync(cancellationToken), SnakeCaseJson.Options)!;
            var lease = request.Headers.TryGetValues(PeerLease.HeaderName, out var values) ? values.Single() : null;
            await test._sent.Writer.WriteAsync((request.RequestUri!.AbsolutePath, lease, announce), cancellationToken);
            return new HttpResponseMessage(test._answer) { RequestMessage = request, Content = new StringContent("") };
        }
    }

    private sealed class RecordingShelf : IPartialShelf, IPartialEntry
    {
        public List<int> Verified { get; } = [];

        public bool Disposed { get; private set; }

        public IPartialEntry Put(DownloadManifest manifest, string partialPath, IReadOnlyCollection<int> verified) => this;

        void IPartialEntry.Verified(int chunk) => Verified.Add(chunk);

        public void Dispose() => Disposed = true;
    }
}
