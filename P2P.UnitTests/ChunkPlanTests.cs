using P2P.Transfer.Planning;

namespace P2P.Tests.Unit;

public sealed class ChunkPlanTests
{
    /// <summary>Takes one chunk, as a source asking for single chunks does.</summary>
    private static bool TakeOne(ChunkPlan plan, string source, out int chunk)
    {
        var taken = plan.TryTake(source, 1, out var run);
        Assert.True(!taken || run.Count == 1, $"asked for one chunk, got {run.Count}");
        chunk = run.First;
        return taken;
    }

    [Fact]
    public void Sources_take_the_lowest_missing_chunks_first_and_never_the_same_one_before_the_endgame()
    {
        var plan = new ChunkPlan(4);

        Assert.True(TakeOne(plan, "A", out var first));
        Assert.True(TakeOne(plan, "B", out var second));
        Assert.True(TakeOne(plan, "A", out var third));

        Assert.Equal([0, 1, 2], [first, second, third]);
    }

    [Fact]
    public void A_resumed_plan_skips_chunks_already_verified()
    {
        var plan = new ChunkPlan(5, alreadyDone: [0, 1, 3]);

        Assert.Equal(3, plan.DoneCount);
        Assert.Equal([2, 4], plan.Missing());
        Assert.True(TakeOne(plan, "A", out var chunk));
        Assert.Equal(2, chunk);
    }

    [Fact]
    public void A_released_chunk_goes_back_to_the_front_for_any_source()
    {
        var plan = new ChunkPlan(3);
        TakeOne(plan, "A", out _);
        TakeOne(plan, "A", out _);

        plan.Release(0, "A");

        Assert.True(TakeOne(plan, "B", out var retaken));
        Assert.Equal(0, retaken);
    }

    [Fact]
    public void In_the_endgame_an_idle_source_doubles_an_in_flight_chunk_and_only_the_first_delivery_counts()
    {
        var plan = new ChunkPlan(2);
        TakeOne(plan, "slow", out var slowChunk);
        TakeOne(plan, "fast", out var fastChunk);
        Assert.True(plan.Receive(fastChunk, "fast"));
        plan.Complete(fastChunk);

        Assert.True(TakeOne(plan, "fast", out var doubled));
        Assert.Equal(slowChunk, doubled);
        Assert.False(TakeOne(plan, "fast", out _));
        Assert.False(TakeOne(plan, "slow", out _));

        Assert.True(plan.Receive(doubled, "fast"));
        Assert.False(plan.Receive(slowChunk, "slow"));
        Assert.False(plan.IsComplete);
        plan.Complete(doubled);
        Assert.True(plan.IsComplete);
    }

    [Fact]
    public void A_received_chunk_waiting_for_its_write_is_neither_done_nor_fetched_again()
    {
        var plan = new ChunkPlan(2);
        TakeOne(plan, "A", out var first);
        TakeOne(plan, "B", out var second);

        Assert.True(plan.Receive(first, "A"));

        Assert.False(plan.IsDone(first));
        Assert.True(TakeOne(plan, "A", out var doubled));
        Assert.Equal(second, doubled);
        Assert.False(TakeOne(plan, "C", out _));
        plan.Complete(first);
        Assert.True(plan.IsDone(first));
        Assert.Equal(1, plan.DoneCount);
    }

    [Fact]
    public void A_received_chunk_that_could_not_be_written_is_missing_again()
    {
        var plan = new ChunkPlan(2);
        TakeOne(plan, "A", out var chunk);
        plan.Receive(chunk, "A");

        plan.Unreceive(chunk);

        Assert.True(TakeOne(plan, "B", out var retaken));
        Assert.Equal(chunk, retaken);
        Assert.Equal([0, 1], plan.Missing());
    }

    [Fact]
    public void No_chunk_is_fetched_by_more_than_two_sources()
    {
        var plan = new ChunkPlan(1);
        TakeOne(plan, "A", out _);

        Assert.True(TakeOne(plan, "B", out _));
        Assert.False(TakeOne(plan, "C", out _));
        plan.Release(0, "A");
        Assert.True(TakeOne(plan, "C", out var chunk));
        Assert.Equal(0, chunk);
    }

    [Fact]
    public void An_empty_file_is_complete_from_the_start()
    {
        var plan = new ChunkPlan(0);

        Assert.True(plan.IsComplete);
        Assert.False(TakeOne(plan, "A", out _));
    }

    [Fact]
    public void A_source_takes_consecutive_free_chunks_as_one_run_up_to_its_limit()
    {
        var plan = new ChunkPlan(100, streams: 2);

        Assert.True(plan.TryTake("A", 4, out var first));
        Assert.True(plan.TryTake("B", 4, out var second));

        Assert.Equal(new ChunkRun(0, 4), first);
        Assert.Equal(new ChunkRun(4, 4), second);
    }

    [Fact]
    public void A_run_stops_at_a_chunk_that_is_not_free()
    {
        var plan = new ChunkPlan(100, alreadyDone: [3], streams: 2);

        Assert.True(plan.TryTake("A", 8, out var first));
        Assert.True(plan.TryTake("A", 8, out var second));

        Assert.Equal(new ChunkRun(0, 3), first);
        Assert.Equal(4, second.First);
    }

    [Fact]
    public void Runs_shrink_near_the_end_so_every_stream_keeps_work()
    {
        var plan = new ChunkPlan(12, streams: 4);

        var runs = new List<ChunkRun>();
        while (runs.Sum(r => r.Count) < 12 && plan.TryTake("A", 4, out var run))
        {
            runs.Add(run);
        }

        // 12 free chunks among 4 streams: 3 each at most, then less as they go.
        Assert.Equal(new ChunkRun(0, 3), runs[0]);
        Assert.All(runs, r => Assert.InRange(r.Count, 1, 3));
        Assert.Equal(Enumerable.Range(0, 12), runs.SelectMany(r => Enumerable.Range(r.First, r.Count)));
    }

    [Fact]
    public void The_share_follows_the_streams_running_now()
    {
        var plan = new ChunkPlan(6, streams: 3);
        Assert.True(plan.TryTake("A", 6, out var amongThree));

        plan.ShareAmong(1);
        Assert.True(plan.TryTake("A", 6, out var alone));

        Assert.Equal(new ChunkRun(0, 2), amongThree);
        Assert.Equal(new ChunkRun(2, 4), alone);
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.ShareAmong(0));
    }

    [Fact]
    public void Chunks_of_a_run_are_received_and_released_one_by_one()
    {
        var plan = new ChunkPlan(8, streams: 1);
        Assert.True(plan.TryTake("A", 4, out var run));
        Assert.Equal(new ChunkRun(0, 4), run);

        Assert.True(plan.Receive(0, "A"));
        plan.Release(1, "A");
        plan.Release(2, "A");
        plan.Release(3, "A");

        Assert.True(plan.TryTake("B", 4, out var retaken));
        Assert.Equal(new ChunkRun(1, 4), retaken);
    }

    [Fact]
    public void The_endgame_doubles_one_chunk_at_a_time()
    {
        var plan = new ChunkPlan(4, streams: 1);
        Assert.True(plan.TryTake("slow", 4, out var slow));
        Assert.Equal(new ChunkRun(0, 4), slow);

        Assert.True(plan.TryTake("fast", 4, out var doubled));

        Assert.Equal(1, doubled.Count);
        Assert.InRange(doubled.First, 0, 3);
    }
}
