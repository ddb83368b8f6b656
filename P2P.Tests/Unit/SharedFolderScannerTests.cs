using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using P2P.Peer;
using P2P.Peer.Files;

namespace P2P.Tests.Unit;

public sealed class SharedFolderScannerTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _shared;

    public SharedFolderScannerTests()
    {
        _shared = Path.Combine(_temp.Path, "shared");
    }

    [Fact]
    public async Task Lists_each_shared_file_with_its_size_and_sha256()
    {
        var scanner = Scanner();
        _temp.Write("shared/b.txt", "bravo");
        _temp.Write("shared/a.txt", "alpha!");

        var result = await scanner.ScanAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["a.txt", "b.txt"], result.Files.Select(f => f.Name));
        Assert.Equal(6, result.Files[0].Size);
        Assert.Equal(Sha256("alpha!"), result.Files[0].Sha256);
        Assert.Equal(Sha256("bravo"), result.Files[1].Sha256);
        Assert.Equal(2, result.Hashed);
    }

    [Fact]
    public async Task Skips_hidden_and_invalid_names_subfolders_and_the_state_folder()
    {
        var scanner = Scanner();
        _temp.Write("shared/ok.txt", "ok");
        _temp.Write("shared/.hidden", "x");
        _temp.Write("shared/trailing.", "x");
        _temp.Write("shared/sub/nested.txt", "x");
        _temp.Write("shared/.p2p/staged.part", "x");

        var result = await scanner.ScanAsync(TestContext.Current.CancellationToken);

        Assert.Equal("ok.txt", Assert.Single(result.Files).Name);
    }

    [Fact]
    public async Task Serves_links_inside_the_folder_but_not_links_that_lead_outside()
    {
        var scanner = Scanner();
        var inside = _temp.Write("shared/real.txt", "inside");
        var outside = _temp.Write("secret.txt", "outside");
        File.CreateSymbolicLink(Path.Combine(_shared, "alias.txt"), inside);
        File.CreateSymbolicLink(Path.Combine(_shared, "escape.txt"), outside);
        File.CreateSymbolicLink(Path.Combine(_shared, "dangling.txt"), Path.Combine(_temp.Path, "gone.txt"));

        var result = await scanner.ScanAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["alias.txt", "real.txt"], result.Files.Select(f => f.Name));
        Assert.Equal(Sha256("inside"), result.Files[0].Sha256);
    }

    [Fact]
    public async Task A_restart_does_not_rehash_unchanged_files_but_rehashes_changed_ones()
    {
        _temp.Write("shared/same.txt", "unchanged");
        var changed = _temp.Write("shared/changed.txt", "before");
        await Scanner().ScanAsync(TestContext.Current.CancellationToken);

        File.WriteAllText(changed, "after, and longer");
        var restarted = await Scanner().ScanAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, restarted.Hashed);
        Assert.Equal(Sha256("after, and longer"), restarted.Files.Single(f => f.Name == "changed.txt").Sha256);
        Assert.Equal(Sha256("unchanged"), restarted.Files.Single(f => f.Name == "same.txt").Sha256);
        Assert.True(File.Exists(Path.Combine(_shared, SharedFolder.StateFolderName, "hashes.json")));
    }

    [Fact]
    public async Task A_damaged_hash_cache_costs_only_a_rehash()
    {
        _temp.Write("shared/a.txt", "alpha");
        await Scanner().ScanAsync(TestContext.Current.CancellationToken);
        File.WriteAllText(Path.Combine(_shared, SharedFolder.StateFolderName, "hashes.json"), "{ not json");

        var result = await Scanner().ScanAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Hashed);
        Assert.Equal(Sha256("alpha"), Assert.Single(result.Files).Sha256);
    }

    [Fact]
    public async Task The_catalog_reports_a_change_only_when_files_sizes_or_hashes_change()
    {
        var catalog = new FileCatalog(Scanner(), NullLogger<FileCatalog>.Instance);
        var token = TestContext.Current.CancellationToken;
        _temp.Write("shared/a.txt", "alpha");

        Assert.True(await catalog.RescanAsync(token));
        Assert.False(await catalog.RescanAsync(token));
        _temp.Write("shared/b.txt", "bravo");
        Assert.True(await catalog.RescanAsync(token));
        File.Delete(Path.Combine(_shared, "a.txt"));
        Assert.True(await catalog.RescanAsync(token));

        Assert.Null(catalog.Find("a.txt"));
        Assert.Equal(Sha256("bravo"), catalog.Find("b.txt")?.Sha256);
    }

    [Fact]
    public async Task A_file_written_within_the_settle_time_is_left_out_until_it_has_settled()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var scanner = Scanner(settleMs: 2000, time);
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
        Assert.Equal(Sha256("still being written"), settled.Files[0].Sha256);
        Assert.Null(settled.SettlesAt);
    }

    [Fact]
    public async Task A_file_whose_time_lies_in_the_future_settles_once_scans_have_seen_it_unchanged_for_the_settle_time()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var scanner = Scanner(settleMs: 2000, time);
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
        using var watcher = new SharedFolderWatcher(peer.Folder, peer.Catalog, Options.Create(peer.Options), TimeProvider.System, NullLogger<SharedFolderWatcher>.Instance);
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

        Assert.Equal(Sha256("alpha"), peer.Catalog.Find("a.txt")?.Sha256);
    }

    [Fact]
    public async Task The_watcher_registers_a_file_left_settling_by_a_scan_it_did_not_run_once_it_settles()
    {
        var token = TestContext.Current.CancellationToken;
        using var peer = new TransferTestPeer(fileSettleMs: 300);
        await File.WriteAllTextAsync(Path.Combine(peer.Folder.Root, "a.txt"), "alpha", token);
        using var watcher = new SharedFolderWatcher(peer.Folder, peer.Catalog, Options.Create(peer.Options), TimeProvider.System, NullLogger<SharedFolderWatcher>.Instance);
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

        Assert.Equal(Sha256("alpha"), peer.Catalog.Find("a.txt")?.Sha256);
    }

    [Fact]
    public async Task A_file_that_changes_while_it_is_hashed_is_not_listed_with_the_hash_of_a_mix()
    {
        var token = TestContext.Current.CancellationToken;
        var scanner = Scanner();
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

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_hash_cache_that_cannot_be_saved_does_not_stop_the_scan_or_leave_a_half_written_cache()
    {
        var scanner = Scanner();
        _temp.Write("shared/a.txt", "alpha");
        // A folder where the cache's temporary file goes makes every save fail, as a full or read-only disk would.
        Directory.CreateDirectory(Path.Combine(_shared, SharedFolder.StateFolderName, "hashes.json.tmp"));

        var result = await scanner.ScanAsync(TestContext.Current.CancellationToken);

        Assert.Equal("a.txt", Assert.Single(result.Files).Name);
        Assert.False(File.Exists(Path.Combine(_shared, SharedFolder.StateFolderName, "hashes.json")));
    }

    private SharedFolderScanner Scanner(int settleMs = 0, TimeProvider? time = null)
    {
        var options = Options.Create(new PeerOptions { Id = "P1", SharedDir = _shared, MaestroUrl = "http://m", FileSettleMs = settleMs });
        return new SharedFolderScanner(new SharedFolder(options), options, time ?? TimeProvider.System, NullLogger<SharedFolderScanner>.Instance);
    }

    private static string Sha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
