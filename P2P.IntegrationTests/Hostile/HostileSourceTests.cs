using System.Security.Cryptography;
using System.Text.RegularExpressions;
using P2P.Cli.Get;
using P2P.Contracts.Files;
using P2P.Transfer;
using P2P.Transfer.Sources;

namespace P2P.Tests.Integration.Hostile;

/// <summary>
/// The download engine (the peers' and the CLI's) against a source that lies, one lie at a time: beside an honest
/// source the file completes from it, alone the download fails and says why, and either way nothing is written
/// outside the staging folder, and a download of another file running alongside is not disturbed.
/// </summary>
public sealed partial class HostileSourceTests : IAsyncLifetime, IDisposable
{
    private const int Chunk = ChunkLayout.ChunkSize;
    private const string Name = "innocent.bin";
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(60);

    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly TempFolder _temp = new();
    private readonly EngineDownloads _engine = new(new AcceleratedTime());
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(6 * Chunk + 1234);
    private readonly byte[] _otherContent = RandomNumberGenerator.GetBytes(3 * Chunk + 99);
    private FakeSourcePeer _honest = null!;
    private FakeSourcePeer _otherHonest = null!;

    public static TheoryData<Lie> Lies => new(Enum.GetValues<Lie>());

    /// <summary>The destination, deep enough that a path climbing out of its staging folder still lands inside the test's folder.</summary>
    private string Destination => Path.Combine(_temp.Path, "a", "b", "c", "d", "dest");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Destination);
        // Slower than the liar, so that the liar is asked for its share before the honest source could finish alone.
        _honest = new FakeSourcePeer(Name, _content) { MessagePause = TimeSpan.FromMilliseconds(15) };
        _otherHonest = new FakeSourcePeer("other.bin", _otherContent) { MessagePause = TimeSpan.FromMilliseconds(15) };
        await _honest.StartAsync(_token);
        await _otherHonest.StartAsync(_token);
    }

    [Theory]
    [MemberData(nameof(Lies))]
    public async Task Beside_an_honest_source_a_liar_costs_only_itself_and_nothing_is_written_outside_staging(Lie lie)
    {
        await using var liar = new LyingSourcePeer(Name, _content, lie);
        await liar.StartAsync(_token);
        var before = OutsideStaging();
        var other = _engine.Create("other.bin", Destination, _otherHonest.Url);
        var otherRun = other.RunAsync(null, _token);

        var download = _engine.Create(Name, Destination, liar.Url, _honest.Url);
        await download.RunAsync(null, _token).WaitAsync(s_within, _token);

        Assert.Equal(_content, await File.ReadAllBytesAsync(Path.Combine(Destination, Name), _token));
        var liarStatus = download.Sources.SingleOrDefault(s => s.GrpcUrl == liar.Url);
        Assert.True(liarStatus is null || liarStatus.Chunks == 0 || lie == Lie.ManifestChangesBetweenCalls && liarStatus.State == SourceState.Dropped,
            $"the liar was credited: {liarStatus}");
        await otherRun.WaitAsync(s_within, _token);
        Assert.Equal(_otherContent, await File.ReadAllBytesAsync(Path.Combine(Destination, "other.bin"), _token));
        AssertOnlyAdded(before, Name, "other.bin");
        Assert.Empty(StagedFiles());
    }

    [Theory]
    [InlineData(Lie.PathLikeSha256, "sha256 is not 64 lower-case hexadecimal digits")]
    [InlineData(Lie.NonHexSha256, "sha256 is not 64 lower-case hexadecimal digits")]
    [InlineData(Lie.OtherFileName, "another file than 'innocent.bin'")]
    [InlineData(Lie.WrongChunkCount, "6 chunk hashes where 7")]
    [InlineData(Lie.ShortChunkHash, "chunk hashes where 7 of 32 bytes")]
    [InlineData(Lie.HugeSize, "size 1125899906842624 is out of range")]
    [InlineData(Lie.ChunkSizeOutOfProtocol, "chunk size 65536 is not the protocol's")]
    [InlineData(Lie.OversizedFrame, "ResourceExhausted")]
    [InlineData(Lie.OversizedField, "malformed")]
    [InlineData(Lie.WrongBytes, "does not match the manifest")]
    [InlineData(Lie.BytesOutsideRange, "outside the range")]
    [InlineData(Lie.ConnectionReset, "reset")]
    [InlineData(Lie.Stall, "in 30 s of waiting")]
    [InlineData(Lie.Drip, "too slow to keep")]
    [InlineData(Lie.EmptyMessages, "sent an empty message")]
    [InlineData(Lie.ManifestChangesBetweenCalls, "does not match the manifest")]
    public async Task Alone_a_liar_fails_the_download_with_why_and_nothing_is_written_outside_staging(Lie lie, string why)
    {
        await using var liar = new LyingSourcePeer(Name, _content, lie);
        await liar.StartAsync(_token);
        var before = OutsideStaging();

        var download = _engine.Create(Name, Destination, liar.Url);
        var failure = await Assert.ThrowsAsync<DownloadFailedException>(() => download.RunAsync(null, _token).WaitAsync(s_within, _token));

        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);
        Assert.Contains(why, failure.Message);
        Assert.Contains(liar.Url, failure.Message);
        Assert.DoesNotContain("pwned", failure.Message);
        AssertOnlyAdded(before);
        Assert.All(StagedFiles(), f => Assert.Matches(StagedName(), f));
    }

    [Fact]
    public async Task Two_downloads_of_one_version_under_two_names_take_turns_on_its_partial_and_both_complete()
    {
        await using var asB = new FakeSourcePeer("b.bin", _content) { MessagePause = TimeSpan.FromMilliseconds(15) };
        await asB.StartAsync(_token);
        var before = OutsideStaging();

        var first = _engine.Create(Name, Destination, _honest.Url).RunAsync(null, _token);
        var second = _engine.Create("b.bin", Destination, asB.Url).RunAsync(null, _token);
        await Task.WhenAll(first, second).WaitAsync(s_within, _token);

        Assert.Equal(_content, await File.ReadAllBytesAsync(Path.Combine(Destination, Name), _token));
        Assert.Equal(_content, await File.ReadAllBytesAsync(Path.Combine(Destination, "b.bin"), _token));
        AssertOnlyAdded(before, Name, "b.bin");
        Assert.Empty(StagedFiles());
    }

    public async ValueTask DisposeAsync()
    {
        await _honest.DisposeAsync();
        await _otherHonest.DisposeAsync();
    }

    public void Dispose()
    {
        _engine.Dispose();
        _temp.Dispose();
    }

    /// <summary>Every file in the test's whole folder tree but the staging folder's.</summary>
    private SortedDictionary<string, string> OutsideStaging() =>
        FolderSnapshot.Take(_temp.Path, path => !path.Contains(FolderTarget.PartialFolderName, StringComparison.Ordinal));

    private string[] StagedFiles()
    {
        var staging = Path.Combine(Destination, FolderTarget.PartialFolderName);
        return Directory.Exists(staging) ? Directory.GetFiles(staging).Select(Path.GetFileName).OfType<string>().ToArray() : [];
    }

    private void AssertOnlyAdded(SortedDictionary<string, string> before, params string[] added)
    {
        var after = OutsideStaging();
        var expected = new SortedDictionary<string, string>(before, StringComparer.Ordinal);
        foreach (var name in added)
        {
            var relative = Path.GetRelativePath(_temp.Path, Path.Combine(Destination, name));
            expected[relative] = after.GetValueOrDefault(relative) ?? "(missing)";
        }
        Assert.True(expected.SequenceEqual(after), $"files outside staging changed:\n{FolderSnapshot.Diff(expected, after)}");
    }

    [GeneratedRegex("^download-[0-9a-f]{64}\\.(part|json)$")]
    private static partial Regex StagedName();
}
