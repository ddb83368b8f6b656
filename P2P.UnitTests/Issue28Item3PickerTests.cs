using P2P.Transfer.Planning;

namespace P2P.Tests.Unit;

/// <summary>Issue 28 item 3: the swarm's chunk picker, alone, over a plan and what each source announced.</summary>
public sealed class Issue28Item3PickerTests
{
    private static readonly SourceKey s_seed = new("seed");
    private static readonly SourceKey s_partial = new("partial");
    private static readonly SourceKey s_third = new("third");

    [Fact]
    public void Once_a_few_chunks_are_held_the_rarest_chunks_go_first_random_among_equals()
    {
        var availability = new ChunkAvailability(12);
        availability.Joined(s_seed, Enumerable.Range(0, 12));
        availability.Joined(s_partial, [0, 1, 2, 3]);
        var plan = new ChunkPlan(12, alreadyDone: [8, 9, 10, 11], picker: new SwarmPicker(availability, new Random(7)));

        var first = Enumerable.Range(0, 4).Select(_ => Take(plan, s_seed)).ToList();

        Assert.Equal([4, 5, 6, 7], first.Order());
        Assert.NotEqual([4, 5, 6, 7], first);
        Assert.InRange(Take(plan, s_seed), 0, 3);
    }

    [Fact]
    public void While_it_holds_fewer_than_a_few_chunks_a_download_starts_at_random()
    {
        var firsts = Enumerable.Range(0, 20).Select(seed =>
        {
            var availability = new ChunkAvailability(64);
            availability.Joined(s_seed, Enumerable.Range(0, 64));
            return Take(new ChunkPlan(64, picker: new SwarmPicker(availability, new Random(seed))), s_seed);
        }).ToHashSet();

        Assert.True(firsts.Count > 5, $"first chunks: {string.Join(", ", firsts)}");
    }

    [Fact]
    public void A_source_is_never_asked_for_a_chunk_it_has_not_announced_not_even_in_the_endgame()
    {
        var availability = new ChunkAvailability(8);
        availability.Joined(s_seed, Enumerable.Range(0, 8));
        availability.Joined(s_partial, [2]);
        var plan = new ChunkPlan(8, alreadyDone: [0, 1, 3, 4, 5], picker: new SwarmPicker(availability, new Random(1)));

        Assert.Equal(2, Take(plan, s_partial));
        Assert.False(plan.TryTake(s_partial, 1, out _));
        Assert.NotEqual(-1, Take(plan, s_seed));
        Assert.NotEqual(-1, Take(plan, s_seed));
        Assert.False(plan.TryTake(s_partial, 1, out _));

        availability.Has(s_partial, 7);
        Assert.True(plan.TryTake(s_partial, 1, out var endgame));
        Assert.Equal(7, endgame.First);
    }

    [Fact]
    public void In_the_endgame_a_chunk_is_asked_of_two_sources_at_most()
    {
        var availability = new ChunkAvailability(1);
        foreach (var source in new[] { s_seed, s_partial, s_third })
        {
            availability.Joined(source, [0]);
        }
        var plan = new ChunkPlan(1, picker: new SwarmPicker(availability, new Random(1)));

        Assert.Equal(0, Take(plan, s_seed));
        Assert.Equal(0, Take(plan, s_partial));
        Assert.False(plan.TryTake(s_third, 1, out _));
        Assert.False(plan.TryTake(s_seed, 1, out _));
    }

    [Fact]
    public void A_complete_holder_s_suggestions_its_least_sent_chunks_go_first_among_equals()
    {
        var availability = new ChunkAvailability(10);
        availability.Joined(s_seed, Enumerable.Range(0, 10));
        availability.Suggested(s_seed, [7, 3]);
        var plan = new ChunkPlan(10, alreadyDone: [0, 1, 2, 9], picker: new SwarmPicker(availability, new Random(1)));

        var taken = Enumerable.Range(0, 4).Select(_ => Take(plan, s_seed)).ToList();

        Assert.Equal([7, 3], taken[..2]);
        Assert.All(taken[2..], chunk => Assert.Contains(chunk, new[] { 4, 5, 6, 8 }));
        Assert.Equal(4, taken.Distinct().Count());
    }

    [Fact]
    public void A_partial_holder_s_suggestions_count_for_nothing()
    {
        var availability = new ChunkAvailability(10);
        availability.Joined(s_partial, Enumerable.Range(0, 9));
        availability.Suggested(s_partial, [8]);
        var plan = new ChunkPlan(10, alreadyDone: [0, 1, 2, 3], picker: new SwarmPicker(availability, new Random(1)));

        Assert.Empty(availability.SuggestedBy(s_partial));
        Assert.InRange(Take(plan, s_partial), 4, 8);
    }

    [Fact]
    public void A_chunk_given_back_unfinished_is_finished_first_by_another_holder()
    {
        var availability = new ChunkAvailability(10);
        availability.Joined(s_seed, Enumerable.Range(0, 10));
        availability.Joined(s_partial, Enumerable.Range(0, 10));
        var plan = new ChunkPlan(10, alreadyDone: [0, 1, 2, 3], picker: new SwarmPicker(availability, new Random(3)));
        var abandoned = Take(plan, s_seed);

        plan.Release(abandoned, s_seed);

        Assert.Equal(abandoned, Take(plan, s_partial));
    }

    [Fact]
    public void A_lone_seed_is_still_asked_for_runs_of_consecutive_chunks_from_a_random_start()
    {
        var starts = Enumerable.Range(0, 20).Select(seed =>
        {
            var availability = new ChunkAvailability(40);
            availability.Joined(s_seed, Enumerable.Range(0, 40));
            var plan = new ChunkPlan(40, alreadyDone: [0, 1, 2, 3], picker: new SwarmPicker(availability, new Random(seed)));

            Assert.True(plan.TryTake(s_seed, 8, out var run));

            Assert.Equal(Math.Min(8, 40 - run.First), run.Count);
            return run.First;
        }).ToHashSet();

        Assert.True(starts.Count > 5, $"runs start at: {string.Join(", ", starts)}");
    }

    [Fact]
    public void In_the_endgame_a_seed_doubles_nothing_while_a_partial_holder_is_connected()
    {
        var availability = new ChunkAvailability(2);
        availability.Joined(s_seed, [0, 1]);
        availability.Joined(s_partial, [0]);
        var plan = new ChunkPlan(2, alreadyDone: [1], picker: new SwarmPicker(availability, new Random(1)));

        Assert.Equal(0, Take(plan, s_partial));
        Assert.False(plan.TryTake(s_seed, 1, out _));

        availability.Left(s_partial);
        Assert.Equal(0, Take(plan, s_seed));
    }

    [Fact]
    public void While_any_chunk_is_free_no_chunk_is_asked_of_a_second_source()
    {
        // A partial holder of only the chunk the seed is sending would double it, and waste what the seed sends.
        var doubled = Enumerable.Range(0, 20).Select(seed =>
        {
            var availability = new ChunkAvailability(2);
            availability.Joined(s_seed, [0, 1]);
            availability.Joined(s_partial, [0]);
            var plan = new ChunkPlan(2, picker: new SwarmPicker(availability, new Random(seed)));
            return (SeedTook: Take(plan, s_seed), PartialTook: Take(plan, s_partial));
        }).ToList();

        Assert.Contains(doubled, t => t.SeedTook == 0);
        Assert.All(doubled, t => Assert.Equal(t.SeedTook == 0 ? -1 : 0, t.PartialTook));
    }

    private static int Take(ChunkPlan plan, SourceKey source) => plan.TryTake(source, 1, out var run) ? run.First : -1;
}
