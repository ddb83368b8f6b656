using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using P2P.Contracts.Files;
using P2P.Tests.Integration;
using P2P.Tests.Integration.Hostile;
using P2P.Transfer;
using P2P.Transfer.Swarm;

namespace P2P.Tests.Integration.Swarm;

/// <summary>
/// The engine's swarming side against in-process sources: sources joining mid-download (issue 28 item 4) and the shelf
/// (the seams).
/// </summary>
public sealed class SwarmDownloadTests : IDisposable
{
    private const string Name = "crowd.bin";
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(60);

    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly TempFolder _temp = new();
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(6 * ChunkLayout.ChunkSize + 777);
    private readonly RecordingShelf _shelf = new();

    private string Destination => _temp.Path;

    [Fact]
    public async Task Issue28Item4_a_source_found_while_the_download_runs_joins_at_once_and_the_trace_shows_it()
    {
        // The first source fails after two chunks: the rest can only come from the one a lookup finds meanwhile.
        await using var first = new FakeSourcePeer(Name, _content) { FailAfter = 2 };
        await using var late = new FakeSourcePeer(Name, _content);
        await first.StartAsync(_token);
        await late.StartAsync(_token);
        using var engine = new EngineDownloads(new AcceleratedTime());
        using var activity = new Activity("download").Start();

        var download = engine.CreateSwarming(Name, Destination, sha256 => sha256 is null ? [first.Url] : [first.Url, late.Url]);
        await download.RunAsync(activity, _token).WaitAsync(s_within, _token);

        Assert.Equal(_content, await File.ReadAllBytesAsync(Path.Combine(Destination, Name), _token));
        var joined = activity.Events.Where(e => e.Name == "source joined")
            .Select(e => e.Tags.Single(t => t.Key == "p2p.source.grpc_url").Value).ToList();
        Assert.Contains(late.Url, joined);
        Assert.True(download.Sources.Single(s => s.GrpcUrl == late.Url).Chunks > 0);
    }

    [Fact]
    public async Task A_swarming_download_shelves_its_partial_marks_each_chunk_on_disk_and_takes_it_off_before_publishing()
    {
        await using var seed = new FakeSourcePeer(Name, _content);
        await seed.StartAsync(_token);
        using var engine = new EngineDownloads(new AcceleratedTime()) { Shelf = _shelf };
        _shelf.Published = () => File.Exists(Path.Combine(Destination, Name));

        await engine.CreateSwarming(Name, Destination, _ => [seed.Url]).RunAsync(null, _token).WaitAsync(s_within, _token);

        var entry = Assert.Single(_shelf.Entries);
        Assert.Empty(entry.Resumed);
        Assert.Equal(Enumerable.Range(0, ChunkLayout.ChunkCount(_content.Length)), entry.OnDisk.Order());
        Assert.False(entry.PublishedWhenDisposed);
    }

    [Fact]
    public async Task Without_swarming_a_download_leaves_the_shelf_alone()
    {
        await using var seed = new FakeSourcePeer(Name, _content);
        await seed.StartAsync(_token);
        using var engine = new EngineDownloads(new AcceleratedTime()) { Shelf = _shelf };

        await engine.Create(Name, Destination, seed.Url).RunAsync(null, _token).WaitAsync(s_within, _token);

        Assert.Equal(_content, await File.ReadAllBytesAsync(Path.Combine(Destination, Name), _token));
        Assert.Empty(_shelf.Entries);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>A shelf that serves nothing and records what the download told it.</summary>
    private sealed class RecordingShelf : IPartialShelf
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public Func<bool> Published { get; set; } = () => false;

        public IPartialEntry Put(DownloadManifest manifest, string partialPath, IReadOnlyCollection<int> verified)
        {
            var entry = new Entry([.. verified], Published);
            Entries.Enqueue(entry);
            return entry;
        }

        public sealed class Entry(int[] resumed, Func<bool> published) : IPartialEntry
        {
            public int[] Resumed { get; } = resumed;

            public ConcurrentBag<int> OnDisk { get; } = [];

            public bool? PublishedWhenDisposed { get; private set; }

            void IPartialEntry.Verified(int chunk) => OnDisk.Add(chunk);

            public void Dispose() => PublishedWhenDisposed ??= published();
        }
    }
}
