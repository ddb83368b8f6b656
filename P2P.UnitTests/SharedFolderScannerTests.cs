using Microsoft.Extensions.Logging.Abstractions;
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

    private SharedFolderScanner Scanner() => ScannerKit.Scanner(_shared);

    private static string Sha256(string content) => ScannerKit.Sha256(content);
}
