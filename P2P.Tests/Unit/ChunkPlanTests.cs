using P2P.Transfer;

namespace P2P.Tests.Unit;

public sealed class ChunkPlanTests
{
    [Fact]
    public void Sources_take_the_lowest_missing_chunks_first_and_never_the_same_one_before_the_endgame()
    {
        var plan = new ChunkPlan(4);

        Assert.True(plan.TryTake("A", out var first));
        Assert.True(plan.TryTake("B", out var second));
        Assert.True(plan.TryTake("A", out var third));

        Assert.Equal([0, 1, 2], [first, second, third]);
    }

    [Fact]
    public void A_resumed_plan_skips_chunks_already_verified()
    {
        var plan = new ChunkPlan(5, alreadyDone: [0, 1, 3]);

        Assert.Equal(3, plan.DoneCount);
        Assert.Equal([2, 4], plan.Missing());
        Assert.True(plan.TryTake("A", out var chunk));
        Assert.Equal(2, chunk);
    }

    [Fact]
    public void A_released_chunk_goes_back_to_the_front_for_any_source()
    {
        var plan = new ChunkPlan(3);
        plan.TryTake("A", out _);
        plan.TryTake("A", out _);

        plan.Release(0, "A");

        Assert.True(plan.TryTake("B", out var retaken));
        Assert.Equal(0, retaken);
    }

    [Fact]
    public void In_the_endgame_an_idle_source_doubles_an_in_flight_chunk_and_only_the_first_delivery_counts()
    {
        var plan = new ChunkPlan(2);
        plan.TryTake("slow", out var slowChunk);
        plan.TryTake("fast", out var fastChunk);
        Assert.True(plan.Receive(fastChunk, "fast"));
        plan.Complete(fastChunk);

        Assert.True(plan.TryTake("fast", out var doubled));
        Assert.Equal(slowChunk, doubled);
        Assert.False(plan.TryTake("fast", out _));
        Assert.False(plan.TryTake("slow", out _));

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
        plan.TryTake("A", out var first);
        plan.TryTake("B", out var second);

        Assert.True(plan.Receive(first, "A"));

        Assert.False(plan.IsDone(first));
        Assert.True(plan.TryTake("A", out var doubled));
        Assert.Equal(second, doubled);
        Assert.False(plan.TryTake("C", out _));
        plan.Complete(first);
        Assert.True(plan.IsDone(first));
        Assert.Equal(1, plan.DoneCount);
    }

    [Fact]
    public void A_received_chunk_that_could_not_be_written_is_missing_again()
    {
        var plan = new ChunkPlan(2);
        plan.TryTake("A", out var chunk);
        plan.Receive(chunk, "A");

        plan.Unreceive(chunk);

        Assert.True(plan.TryTake("B", out var retaken));
        Assert.Equal(chunk, retaken);
        Assert.Equal([0, 1], plan.Missing());
    }

    [Fact]
    public void No_chunk_is_fetched_by_more_than_two_sources()
    {
        var plan = new ChunkPlan(1);
        plan.TryTake("A", out _);

        Assert.True(plan.TryTake("B", out _));
        Assert.False(plan.TryTake("C", out _));
        plan.Release(0, "A");
        Assert.True(plan.TryTake("C", out var chunk));
        Assert.Equal(0, chunk);
    }

    [Fact]
    public void An_empty_file_is_complete_from_the_start()
    {
        var plan = new ChunkPlan(0);

        Assert.True(plan.IsComplete);
        Assert.False(plan.TryTake("A", out _));
    }
}
