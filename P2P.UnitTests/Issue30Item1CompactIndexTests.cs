using Microsoft.Extensions.Time.Testing;
using P2P.Contracts.Maestro;
using P2P.Maestro.Directory;

namespace P2P.Tests.Unit;

/// <summary>
/// Issue 30 item 1: the directory's compact index keeps one instance of each name, releases it with its last holder,
/// and answers as before while registrations of 100,000 files replace each other and its table grows and shrinks.
/// </summary>
public sealed class Issue30Item1CompactIndexTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly TempFolder _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Item1_a_name_is_stored_once_and_released_when_its_last_holder_goes()
    {
        var directory = DirectoryKit.Create(_time, DirectoryKit.Options(_state.Path));
        var p1 = directory.Register(DirectoryKit.Peer("P1", File("a.txt", 'a'), File("b.txt", 'b')), DirectoryKit.Certificate(1), null)
            .LeaseToken;
        directory.Register(DirectoryKit.Peer("P2", File("a.txt", 'c')), DirectoryKit.Certificate(2), null);
        var p3 = directory.Register(DirectoryKit.Peer("P3"), DirectoryKit.Certificate(3), null).LeaseToken;
        directory.Announce("P3", p3, DirectoryKit.Certificate(3), Partial(AnnounceEvent.Started));
        Assert.Equal(3, directory.IndexedNames);

        directory.Remove("P1", p1);
        Assert.Equal(2, directory.IndexedNames);
        directory.Announce("P3", p3, DirectoryKit.Certificate(3), Partial(AnnounceEvent.Stopped));
        Assert.Equal(1, directory.IndexedNames);

        _time.Advance(TimeSpan.FromSeconds(16));
        Assert.Equal((0, 0, 0), directory.Count());
        directory.RemoveExpired();
        Assert.Equal(0, directory.IndexedNames);
        Assert.Empty(directory.Locate("a.txt"));
    }

    [Fact]
    public void Item1_the_index_hands_out_the_first_instance_of_a_name_and_counts_names_with_a_complete_holder()
    {
        var index = new HolderIndex();
        var first = index.Add(new string("shared.bin"), HolderIndex.Partial(3));
        Assert.Equal(0, index.CompleteNames);

        Assert.Same(first, index.Add(new string("shared.bin"), HolderIndex.Complete(7)));
        Assert.Same(first, index.Add(new string("shared.bin"), HolderIndex.Complete(3)));

        Assert.Equal([HolderIndex.Complete(3), HolderIndex.Partial(3), HolderIndex.Complete(7)], index.Holders("shared.bin"));
        Assert.Equal((1, 1), (index.Names, index.CompleteNames));
        index.Remove("shared.bin", HolderIndex.Complete(3));
        index.Remove("shared.bin", HolderIndex.Complete(7));
        Assert.Equal((1, 0), (index.Names, index.CompleteNames));
        index.Remove("shared.bin", HolderIndex.Partial(3));
        Assert.Equal(0, index.Names);
        Assert.Empty(index.Holders("shared.bin"));
    }

    [Fact]
    public void Item1_a_registration_of_100000_files_is_replaced_by_another_and_only_the_new_set_is_located()
    {
        var directory = DirectoryKit.Create(_time, DirectoryKit.Options(_state.Path));
        var lease = directory.Register(Many("P1", 0, 100_000), DirectoryKit.Certificate(1), null).LeaseToken;
        directory.Register(DirectoryKit.Peer("P2", File("f-0.bin", 'e')), DirectoryKit.Certificate(2), null);

        var again = directory.Register(Many("P1", 50_000, 100_000), DirectoryKit.Certificate(1), lease);

        Assert.Equal(PeerWrite.Done, again.Outcome);
        Assert.Equal(100_001, directory.IndexedNames);
        Assert.Equal((2, 100_001, 100_001), directory.Count());
        Assert.Equal(["P2"], directory.Locate("f-0.bin").Select(l => l.Id));
        Assert.Empty(directory.Locate("f-49999.bin"));
        var kept = Assert.Single(directory.Locate("f-50000.bin"));
        Assert.Equal((50_000L, Sha(50_000)), (kept.Size, kept.Sha256));
        Assert.Equal(Sha(149_999), Assert.Single(directory.Locate("f-149999.bin")).Sha256);
    }

    [Fact]
    public async Task Item1_readers_never_miss_a_name_held_throughout_while_others_come_and_go_and_the_table_grows_and_shrinks()
    {
        var index = new HolderIndex();
        var held = Enumerable.Range(0, 64).Select(i => $"held-{i}").ToArray();
        foreach (var name in held)
        {
            index.Add(name, HolderIndex.Complete(1));
        }
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var misses = 0;
        var writer = Task.Run(() =>
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                var names = Enumerable.Range(0, 5_000).Select(i => $"churn-{round}-{i}").ToList();
                names.ForEach(n => index.Add(n, HolderIndex.Complete(2)));
                names.ForEach(n => index.Remove(n, HolderIndex.Complete(2)));
            }
        }, TestContext.Current.CancellationToken);
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                misses += held.Count(n => index.Holders(n) is not [var entry] || entry != HolderIndex.Complete(1));
            }
        }, TestContext.Current.CancellationToken);

        await Task.WhenAll(writer, reader).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(0, misses);
        Assert.Equal(held.Length, index.Names);
    }

    private static PeerRegistration Many(string id, int from, int count) =>
        DirectoryKit.Peer(id, [.. Enumerable.Range(from, count).Select(i => new SharedFileEntry($"f-{i}.bin", i, Sha(i)))]);

    private static string Sha(int i) => i.ToString("x64");

    private static PartialAnnounce Partial(AnnounceEvent what) => new("c.txt", 10, new string('d', 64), 5, what);

    private static SharedFileEntry File(string name, char digit) => new(name, 1, new string(digit, 64));
}
