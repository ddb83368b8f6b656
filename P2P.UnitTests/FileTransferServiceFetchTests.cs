using Grpc.Core;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;

namespace P2P.Tests.Unit;

/// <summary>Fetch: many ranges of one file over one call, answered in the order asked; what it refuses.</summary>
public sealed class FileTransferServiceFetchTests : FileTransferServiceTestBase
{
    [Fact]
    public async Task Every_range_asked_for_on_one_call_is_sent_whole_and_in_the_order_asked()
    {
        var content = RandomBytes(MultiChunkSize);
        var file = await Peer.ShareAsync("big.bin", content, Token);
        (long Offset, long Length)[] ranges =
            [(ChunkLayout.ChunkSize, ChunkLayout.ChunkSize), (0, ChunkLayout.ChunkSize), (2L * ChunkLayout.ChunkSize, 0), (5, 3)];

        var chunks = await FetchAsync(ranges.Select(r => Request("big.bin", file.Sha256, r.Offset, r.Length)));

        var expected = ranges.SelectMany(r => content.Skip((int)r.Offset).Take(r.Length == 0 ? content.Length : (int)r.Length)).ToArray();
        Assert.Equal(expected, Concat(chunks));
        Assert.All(chunks, c => Assert.InRange(c.Data.Length, 1, P2P.Peer.Grpc.FileTransferService.MaxMessageBytes));
        Assert.Equal(ChunkLayout.ChunkSize, chunks[0].Offset);
        Assert.Equal(5, chunks[^1].Offset);
    }

    [Fact]
    public async Task A_call_that_asks_for_nothing_ends_with_nothing_sent()
    {
        var chunks = await FetchAsync([]);

        Assert.Empty(chunks);
    }

    [Fact]
    public async Task A_request_for_another_file_on_the_same_call_is_an_invalid_argument_after_the_ranges_before_it()
    {
        var first = await Peer.ShareAsync("a.bin", RandomBytes(1000), Token);
        await Peer.ShareAsync("b.bin", RandomBytes(1000), Token);
        var stream = new TestServerStreamWriter<FileChunk>();

        var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => Peer.Service.Fetch(
            new TestAsyncStreamReader<DownloadRequest>([Request("a.bin", first.Sha256, 0, 10), Request("b.bin", "", 0, 10)]), stream, Context()));

        Assert.Contains("'a.bin'", error.Status.Detail);
        Assert.Contains("'b.bin'", error.Status.Detail);
        Assert.Equal(10, Assert.Single(stream.Written).Data.Length);
    }

    [Fact]
    public async Task A_range_outside_the_file_is_out_of_range_and_another_version_a_failed_precondition()
    {
        var file = await Peer.ShareAsync("a.bin", RandomBytes(1000), Token);

        var outside = await AssertStatusAsync(
            StatusCode.OutOfRange, () => FetchAsync([Request("a.bin", file.Sha256, 0, 10), Request("a.bin", file.Sha256, 990, 11)]));
        await AssertStatusAsync(StatusCode.FailedPrecondition, () => FetchAsync([Request("a.bin", new string('0', 64), 0, 10)]));

        Assert.Contains("past the end", outside.Status.Detail);
    }

    [Theory]
    [InlineData("../x", StatusCode.InvalidArgument)]
    [InlineData("missing.bin", StatusCode.NotFound)]
    public async Task A_hostile_or_unknown_name_is_refused_before_anything_is_read(string name, StatusCode expected)
    {
        File.WriteAllText(Path.Combine(Peer.Outside, "x"), "outside the shared folder");
        await Peer.Catalog.RescanAsync(Token);

        var error = await AssertStatusAsync(expected, () => FetchAsync([Request(name, "", 0, 1)]));

        Assert.Equal(SharedFileName.Validate(name) ?? $"'{name}' is not shared by this peer.", error.Status.Detail);
    }

    [Fact]
    public async Task A_caller_that_goes_quiet_is_cut_off_after_the_idle_limit_with_deadline_exceeded()
    {
        var file = await Peer.ShareAsync("a.bin", RandomBytes(1000), Token);
        var caller = new QuietStreamReader<DownloadRequest>([Request("a.bin", file.Sha256, 0, 10)]);
        var stream = new TestServerStreamWriter<FileChunk>();

        var call = Peer.Service.Fetch(caller, stream, Context());
        await caller.Quiet.Task.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Peer.Time.Advance(TimeSpan.FromSeconds(Peer.Options.FetchIdleSeconds - 1));
        Assert.False(call.IsCompleted);
        Peer.Time.Advance(TimeSpan.FromSeconds(1));

        var error = await AssertStatusAsync(StatusCode.DeadlineExceeded, () => call.WaitAsync(TimeSpan.FromSeconds(10), Token));
        Assert.Contains("fetch_idle_seconds", error.Status.Detail);
        Assert.Equal(10, Assert.Single(stream.Written).Data.Length);
    }

    [Fact]
    public async Task A_caller_that_never_asks_is_cut_off_too()
    {
        var caller = new QuietStreamReader<DownloadRequest>([]);

        var call = Peer.Service.Fetch(caller, new TestServerStreamWriter<FileChunk>(), Context());
        await caller.Quiet.Task.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Peer.Time.Advance(TimeSpan.FromSeconds(Peer.Options.FetchIdleSeconds));

        await AssertStatusAsync(StatusCode.DeadlineExceeded, () => call.WaitAsync(TimeSpan.FromSeconds(10), Token));
    }

    private async Task<List<FileChunk>> FetchAsync(IEnumerable<DownloadRequest> requests)
    {
        var stream = new TestServerStreamWriter<FileChunk>();
        await Peer.Service.Fetch(new TestAsyncStreamReader<DownloadRequest>(requests), stream, Context());
        return [.. stream.Written];
    }

    private static DownloadRequest Request(string name, string sha256, long offset, long length) =>
        new() { FileName = name, Sha256 = sha256, Offset = offset, Length = length };
}
