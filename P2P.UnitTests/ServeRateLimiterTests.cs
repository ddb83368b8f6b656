using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using P2P.Contracts.Transfer.V1;
using P2P.Peer;
using P2P.Peer.Grpc;

namespace P2P.Tests.Unit;

public sealed class ServeRateLimiterTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly TestServerCallContext _context = new(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Chunks_from_all_calls_together_Download_and_Fetch_wait_for_their_share_of_the_rate()
    {
        var limiter = Limiter(bytesPerSecond: 1000);
        var writers = new[] { new TestServerStreamWriter<FileChunk>(), new TestServerStreamWriter<FileChunk>() };
        int Sent() => writers.Sum(w => w.Written.Count);

        Task[] calls =
        [
            limiter.ServerStreamingServerHandler(new DownloadRequest(), writers[0], _context, SendAsync),
            limiter.DuplexStreamingServerHandler<DownloadRequest, FileChunk>(
                new TestAsyncStreamReader<DownloadRequest>([new DownloadRequest()]), writers[1], _context,
                (_, stream, context) => SendAsync(new DownloadRequest(), stream, context)),
        ];

        // Two calls of two 500-byte messages at 1000 bytes/s: one message goes at once (its slot began the catch-up
        // before, the link having been idle), then one every half second.
        Assert.Equal(1, Sent());
        var slotEnds = TimeSpan.FromMilliseconds(500) - ServeRateLimiter.CatchUp;
        for (var expected = 2; expected <= 4; expected++)
        {
            _time.Advance(slotEnds - TimeSpan.FromMilliseconds(1));
            Assert.Equal(expected - 1, Sent());
            _time.Advance(TimeSpan.FromMilliseconds(1));
            await UntilAsync(() => Sent() == expected, $"{expected} messages sent");
            slotEnds = TimeSpan.FromMilliseconds(500);
        }
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_writer_that_asks_late_for_its_slot_makes_up_the_time_it_lost_up_to_the_catch_up()
    {
        var limiter = Limiter(bytesPerSecond: 1000);
        var writer = new TestServerStreamWriter<FileChunk>();
        var asks = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource()).ToArray();
        var call = limiter.ServerStreamingServerHandler(new DownloadRequest(), writer, _context, async (_, stream, context) =>
        {
            foreach (var ask in asks)
            {
                await ask.Task;
                await stream.WriteAsync(new FileChunk { Data = ByteString.CopyFrom(new byte[500]) }, context.CancellationToken);
            }
        });
        var catchUp = ServeRateLimiter.CatchUp;

        asks[0].SetResult();
        await UntilAsync(() => writer.Written.Count == 1, "the first message sent at once");
        // The second message is asked for 15 ms after its slot began (its writer was busy): it goes at once...
        _time.Advance(TimeSpan.FromMilliseconds(500) - catchUp + TimeSpan.FromMilliseconds(15));
        asks[1].SetResult();
        await UntilAsync(() => writer.Written.Count == 2, "the late message sent at once");
        // ...and the third keeps to the timeline: its slot begins 500 ms after the second's, not 500 ms after it was sent.
        asks[2].SetResult();
        _time.Advance(TimeSpan.FromMilliseconds(500 - 15 - 1));
        Assert.Equal(2, writer.Written.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await UntilAsync(() => writer.Written.Count == 3, "the third message sent on the timeline");
        await call.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Without_a_rate_nothing_waits()
    {
        var writer = new TestServerStreamWriter<FileChunk>();

        await Limiter(bytesPerSecond: 0).ServerStreamingServerHandler(new DownloadRequest(), writer, _context, SendAsync);

        Assert.Equal(2, writer.Written.Count);
    }

    /// <summary>A timer's continuation may run on another thread after Advance returns: wait (bounded) until it has.</summary>
    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"not within 5 s: {what}");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    private ServeRateLimiter Limiter(long bytesPerSecond) =>
        new(Options.Create(new PeerOptions { ServeBytesPerSecond = bytesPerSecond }), _time);

    private static async Task SendAsync(DownloadRequest request, IServerStreamWriter<FileChunk> stream, ServerCallContext context)
    {
        for (var i = 0; i < 2; i++)
        {
            await stream.WriteAsync(new FileChunk { Offset = i * 500, Data = ByteString.CopyFrom(new byte[500]) }, context.CancellationToken);
        }
    }
}
