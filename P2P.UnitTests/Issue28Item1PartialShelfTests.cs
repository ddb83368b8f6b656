using Microsoft.Extensions.Logging.Abstractions;
using P2P.Contracts.Files;
using P2P.Peer.Swarm;
using P2P.Transfer;
using P2P.Transfer.Swarm;

namespace P2P.Tests.Unit;

/// <summary>The shelf of partial downloads (issue 28 item 1): what it holds, whom it tells, and its bounds.</summary>
public sealed class Issue28Item1PartialShelfTests
{
    private readonly PartialShelf _shelf = new(NullLogger<PartialShelf>.Instance);

    [Fact]
    public void An_entry_holds_the_chunks_it_was_put_with_and_those_verified_since_until_it_leaves()
    {
        var manifest = Manifest(Sha('a'), chunks: 4);
        var entry = (ShelfEntry)_shelf.Put(manifest, "/staging/a.part", [0, 2]);

        entry.Verified(3);

        Assert.Same(entry, _shelf.Find(manifest.Sha256));
        Assert.Equal([true, false, true, true], Enumerable.Range(0, 4).Select(entry.Has));
        Assert.Equal(1, entry.FirstMissing(0, 4));
        Assert.Null(entry.FirstMissing(2, 4));
        entry.Dispose();
        Assert.False(entry.OnShelf);
        Assert.Null(_shelf.Find(manifest.Sha256));
    }

    [Fact]
    public async Task A_watcher_gets_the_bitfield_then_each_chunk_verified_once_and_the_end_when_the_entry_leaves()
    {
        var entry = (ShelfEntry)_shelf.Put(Manifest(Sha('b'), chunks: 10), "/staging/b.part", [1]);
        using var feed = entry.Watch()!;

        entry.Verified(9);
        entry.Verified(9);
        entry.Verified(4);
        entry.Dispose();
        entry.Verified(5);

        Assert.Equal(ChunkBitfield.WireLength(10), feed.Bitfield.Length);
        Assert.Equal(0b0100_0000, feed.Bitfield[0]);
        Assert.Equal(1, feed.HeldAtStart);
        Assert.Equal([9, 4], await feed.NewlyVerified.ReadAllAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_replaced_entry_leaves_and_its_late_dispose_does_not_take_the_new_one_off()
    {
        var manifest = Manifest(Sha('c'), chunks: 2);
        var stale = (ShelfEntry)_shelf.Put(manifest, "/staging/c.part", []);
        var fresh = (ShelfEntry)_shelf.Put(manifest, "/staging/c.part", [0]);

        stale.Dispose();

        Assert.False(stale.OnShelf);
        Assert.Same(fresh, _shelf.Find(manifest.Sha256));
    }

    [Fact]
    public void Past_its_bound_the_shelf_takes_no_more_downloads_and_they_serve_nothing()
    {
        for (var i = 0; i < PartialShelf.MaxEntries; i++)
        {
            _shelf.Put(Manifest(Convert.ToHexStringLower(BitConverter.GetBytes((long)i)).PadLeft(64, '0'), chunks: 1), "/staging/x.part", []);
        }

        var refused = _shelf.Put(Manifest(Sha('d'), chunks: 1), "/staging/d.part", []);

        Assert.Same(NoShelf.Instance, refused);
        Assert.Equal(PartialShelf.MaxEntries, _shelf.Count);
        Assert.Null(_shelf.Find(Sha('d')));
    }

    [Fact]
    public void Watchers_of_one_entry_are_bounded_and_one_that_ends_frees_its_place()
    {
        var entry = (ShelfEntry)_shelf.Put(Manifest(Sha('e'), chunks: 1), "/staging/e.part", []);
        var feeds = Enumerable.Range(0, ShelfEntry.MaxWatchers).Select(_ => entry.Watch()).ToList();

        Assert.All(feeds, Assert.NotNull);
        Assert.Null(entry.Watch());
        feeds[0]!.Dispose();
        Assert.NotNull(entry.Watch());
    }

    private static string Sha(char digit) => new(digit, 64);

    private static DownloadManifest Manifest(string sha256, int chunks) =>
        new(DownloadId.New(), "file.bin", sha256, (long)chunks * ChunkLayout.ChunkSize, ChunkLayout.ChunkSize, new byte[chunks * ChunkLayout.HashSize]);
}
