using Microsoft.Extensions.Time.Testing;
using P2P.Peer.Discovery;

namespace P2P.Tests.Unit;

public sealed class SeenQueriesTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void An_id_is_new_once_and_seen_after()
    {
        var seen = new SeenQueries(_time);

        Assert.True(seen.FirstTime("q"));
        Assert.False(seen.FirstTime("q"));
        Assert.True(seen.FirstTime("other"));
    }

    [Fact]
    public void When_full_ids_older_than_a_minute_are_forgotten_and_recent_ones_kept()
    {
        var seen = new SeenQueries(_time);
        for (var i = 0; i < SeenQueries.Capacity - 1; i++)
        {
            seen.FirstTime($"old-{i}");
        }
        _time.Advance(TimeSpan.FromMinutes(2));
        seen.FirstTime("recent");

        Assert.True(seen.FirstTime("trigger"));

        Assert.True(seen.FirstTime("old-0"), "an id from two minutes ago is forgotten");
        Assert.False(seen.FirstTime("recent"), "a recent id is still known");
    }

    [Fact]
    public void A_flood_of_fresh_ids_drops_the_older_half_rather_than_grow_without_bound()
    {
        var seen = new SeenQueries(_time);
        for (var i = 0; i < SeenQueries.Capacity; i++)
        {
            seen.FirstTime($"id-{i}");
            _time.Advance(TimeSpan.FromTicks(1));
        }

        Assert.True(seen.FirstTime("one-more"));

        Assert.True(seen.FirstTime("id-0"), "the oldest id was dropped");
        Assert.False(seen.FirstTime($"id-{SeenQueries.Capacity - 1}"), "the newest id is kept");
    }
}
