using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using P2P.Peer.Files;

namespace P2P.Tests.Unit;

/// <summary>Files still being written: left out until they have settled, then registered with no further event.</summary>
public sealed class SharedFolderSettlingTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _shared;

    public SharedFolderSettlingTests()
    {
        _shared = Path.Combine(_temp.Path, "shared");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_file_written_within_the_settle_time_is_left_out_until_it_has_settled()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var scanner = ScannerKit.Scanner(_shared, settleMs: 2000, time);
        var path = _temp.Write("shared/fresh.txt", "still being written");
        File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime);
        _temp.Write("shared/old.txt", "written long ago");
        File.SetLastWriteTimeUtc(Path.Combine(_shared, "old.txt"), time.GetUtcNow().UtcDateTime.AddHours(-1));

        var first = await scanner.ScanAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        var early = await scanner.ScanAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var settled = await scanner.ScanAsync(TestContext.Current.CancellationToken);

        Assert.Equal("old.txt", Assert.Single(first.Files).Name);
        Assert.Equal(time.GetUtcNow(), first.SettlesAt);
        Assert.Equal("old.txt", Assert.Single(early.Files).Name);
        Assert.Equal(["fresh.txt", "old.txt"], settled.Files.Select(f => f.Name));
        Assert.Equal(ScannerKit.Sha256("still being written"), settled.Files[0].Sha256);
        Assert.Null(settled.SettlesAt);
    }

    [Fact]
    public async Task A_file_whose_time_lies_in_the_future_settles_once_scans_have_seen_it_unchanged_for_the_settle_time()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var scanner = ScannerKit.Scanner(_shared, settleMs: 2000, time);
        var path = _temp.Write("shared/future.txt", "from a fast clock");
        File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime.AddDays(1));

        Assert.Empty((await scanner.ScanAsync(TestContext.Current.CancellationToken)).Files);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("future.txt", Assert.Single((await scanner.ScanAsync(TestContext.Current.CancellationToken)).Files).Name);
    }

    [Fact]
    public async Task The_watcher_registers_a_file_once_it_settles_without_another_change_in_the_folder()
    {
        var token = TestContext.Current.CancellationToken;
        using var peer = new TransferTestPeer(fileSettleMs: 300);
        await File.WriteAllTextAsync(Path.Combine(peer.Folder.Root, "a.txt"), "alpha", token);
        await peer.Catalog.RescanAsync(token);
        Assert.Null(peer.Catalog.Find("a.txt"));
        using var watcher = new SharedFolderWatcher(
            peer.Folder, peer.Catalog, Options.Create(peer.Options), TimeProvider.System, NullLogger<SharedFolderWatcher>.Instance);
        await peer.ChangeListener.StartAsync(token);

        await watcher.StartAsync(token);
        try
        {
            await peer.RegisteredWithAsync("a.txt");
        }
        finally
        {
            await watcher.StopAsync(token);
        }

        Assert.Equal(ScannerKit.Sha256("alpha"), peer.Catalog.Find("a.txt")?.Sha256);
    }

    [Fact]
    public async Task The_watcher_registers_a_file_left_settling_by_a_scan_it_did_not_run_once_it_settles()
    {
        var token = TestContext.Current.CancellationToken;
        using var peer = new TransferTestPeer(fileSettleMs: 300);
        await File.WriteAllTextAsync(Path.Combine(peer.Folder.Root, "a.txt"), "alpha", token);
        using var watcher = new SharedFolderWatcher(
            peer.Folder, peer.Catalog, Options.Create(peer.Options), TimeProvider.System, NullLogger<SharedFolderWatcher>.Instance);
        await peer.ChangeListener.StartAsync(token);
        await watcher.StartAsync(token);
        try
        {
            // As at a peer's start: the watcher already waits, with no event to come, when the first scan (run by
            // registration) leaves the file out.
            await Task.Delay(100, token);
            await peer.Catalog.RescanAsync(token);
            Assert.Null(peer.Catalog.Find("a.txt"));

            await peer.RegisteredWithAsync("a.txt");
        }
        finally
        {
            await watcher.StopAsync(token);
        }

        Assert.Equal(ScannerKit.Sha256("alpha"), peer.Catalog.Find("a.txt")?.Sha256);
    }

    [Fact]
    public async Task A_file_that_changes_while_it_is_hashed_is_not_listed_with_the_hash_of_a_mix()
    {
        var token = TestContext.Current.CancellationToken;
        var scanner = ScannerKit.Scanner(_shared);
        var path = Path.Combine(_shared, "moving.bin");
        Directory.CreateDirectory(_shared);
        await File.WriteAllBytesAsync(path, new byte[64 * 1024 * 1024], token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var writer = Task.Run(async () =>
        {
            var stamp = DateTime.UtcNow.AddMinutes(-10);
            while (!stop.IsCancellationRequested)
            {
                await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                    stream.Position = Random.Shared.NextInt64(stream.Length);
                    stream.WriteByte(1);
                }
                stamp = stamp.AddSeconds(1);
                File.SetLastWriteTimeUtc(path, stamp);
                await Task.Yield();
            }
        }, token);

        ScanResult result;
        try
        {
            result = await scanner.ScanAsync(token);
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }

        Assert.Empty(result.Files);
    }
}
