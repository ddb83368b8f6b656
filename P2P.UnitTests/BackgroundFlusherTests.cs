using P2P.Transfer.Storage;

namespace P2P.Tests.Unit;

public sealed class BackgroundFlusherTests
{
    private const long Interval = 1000;
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(10);

    [Fact]
    public void Nothing_is_flushed_before_an_interval_of_bytes_is_written()
    {
        var flushes = 0;
        using var flusher = new BackgroundFlusher(() => Interlocked.Increment(ref flushes), Interval);

        flusher.Written(400);
        flusher.Written(599);
        flusher.Stop();

        Assert.Equal(0, flushes);
    }

    [Fact]
    public void Flushes_run_on_another_thread_the_writer_never_waits_and_writes_during_a_flush_make_one_more()
    {
        using var inFlush = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        var flushes = 0;
        var writer = Environment.CurrentManagedThreadId;
        var flushThreads = new List<int>();
        using var flusher = new BackgroundFlusher(() =>
        {
            flushThreads.Add(Environment.CurrentManagedThreadId);
            Interlocked.Increment(ref flushes);
            inFlush.Release();
            release.Wait(s_within, TestContext.Current.CancellationToken);
        }, Interval);

        flusher.Written((int)Interval);
        Assert.True(inFlush.Wait(s_within, TestContext.Current.CancellationToken), "the first flush did not start");
        // The first flush is held: these writes return at once, and ask for a single flush between them.
        for (var i = 0; i < 10; i++)
        {
            flusher.Written((int)Interval);
        }
        Assert.Equal(1, flushes);
        release.Set();
        Assert.True(inFlush.Wait(s_within, TestContext.Current.CancellationToken), "the writes made during the first flush were not flushed");
        flusher.Stop();

        Assert.Equal(2, flushes);
        Assert.All(flushThreads, thread => Assert.NotEqual(writer, thread));
    }

    [Fact]
    public void A_failed_background_flush_is_rethrown_by_stop_and_no_flush_follows_it()
    {
        using var failed = new SemaphoreSlim(0);
        var flushes = 0;
        var flusher = new BackgroundFlusher(() =>
        {
            Interlocked.Increment(ref flushes);
            failed.Release();
            throw new IOException("the disk went away");
        }, Interval);

        flusher.Written((int)Interval);
        Assert.True(failed.Wait(s_within, TestContext.Current.CancellationToken), "the flush did not run");
        flusher.Written((int)Interval);

        var error = Assert.Throws<IOException>(flusher.Stop);
        Assert.Equal("the disk went away", error.Message);
        Assert.Equal(1, flushes);
        flusher.Dispose();
    }
}
