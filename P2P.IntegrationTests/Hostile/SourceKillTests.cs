using System.Security.Cryptography;
using P2P.Contracts.Files;

namespace P2P.Tests.Integration.Hostile;

/// <summary>
/// A source peer killed with SIGKILL mid-download, again and again: its connection is reset under the download's
/// feet, and the download must finish from the other source every time, not once.
/// </summary>
public sealed class SourceKillTests : IDisposable
{
    private const int Rounds = 20;
    private const int Chunk = ChunkLayout.ChunkSize;
    private const string Name = "killed.bin";
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(60);

    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly TempFolder _temp = new();
    private readonly EngineDownloads _engine = new(TimeProvider.System);
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(24 * Chunk + 4321);

    [Fact]
    public async Task A_source_killed_with_SIGKILL_mid_download_never_fails_a_download_that_has_another_source()
    {
        var shared = Path.Combine(_temp.Path, "shared");
        Directory.CreateDirectory(shared);
        await File.WriteAllBytesAsync(Path.Combine(shared, Name), _content, _token);
        // Both sources at about 16 MiB/s, so that a download lasts long enough to be cut in the middle.
        await using var survivor = new FakeSourcePeer(Name, _content) { MessagePause = TimeSpan.FromMilliseconds(15) };
        await survivor.StartAsync(_token);
        // The file is written before any source starts: it may be served at once.
        var settings = new Dictionary<string, object> { ["serve_bytes_per_second"] = 16 * 1024 * 1024, ["file_settle_ms"] = 0 };
        Task<StandalonePeerProcess> Start() => StandalonePeerProcess.StartAsync(shared, Name, settings, s_within, _token);

        // Each round's source starts while the round before it downloads: a process start is most of a round.
        var next = Start();
        try
        {
            for (var round = 1; round <= Rounds; round++)
            {
                using var doomed = await next;
                next = round < Rounds ? Start() : Task.FromResult<StandalonePeerProcess>(null!);
                await KillMidDownloadAsync(round, doomed, survivor);
            }
        }
        finally
        {
            // A round that failed leaves the next source starting: it must not outlive the test.
            (await next.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default))?.Dispose();
        }
    }

    private async Task KillMidDownloadAsync(int round, StandalonePeerProcess doomed, FakeSourcePeer survivor)
    {
        var destination = Path.Combine(_temp.Path, $"dest-{round}");
        var download = _engine.Create(Name, destination, doomed.GrpcUrl, survivor.Url);
        var run = download.RunAsync(null, _token);

        // Polled closely: the whole download takes under a second.
        while (!download.Sources.Any(s => s.GrpcUrl == doomed.GrpcUrl && s.Bytes > 0) && !run.IsCompleted)
        {
            await Task.Delay(2, _token);
        }
        var doneAtKill = download.BytesDone;
        doomed.Kill();
        await run.WaitAsync(s_within, _token);

        Assert.True(doneAtKill < _content.Length, $"round {round}: the download was over before the kill");
        Assert.Equal(_content, await File.ReadAllBytesAsync(Path.Combine(destination, Name), _token));
        var killed = download.Sources.Single(s => s.GrpcUrl == doomed.GrpcUrl);
        TestContext.Current.TestOutputHelper?.WriteLine($"round {round}: killed at {doneAtKill} of {_content.Length} bytes; the killed source: {killed}");
    }

    public void Dispose()
    {
        _engine.Dispose();
        _temp.Dispose();
    }

}
