using Microsoft.Extensions.Time.Testing;
using P2P.Hosting.Membership;

namespace P2P.Tests.Unit;

/// <summary>Issue 26 item 8: the state a stranger makes a server keep stays bounded, and so do its warnings.</summary>
public sealed class ExpiringSetBoundTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Item8_nonces_taken_as_fast_as_they_are_given_keep_the_queue_within_twice_the_capacity()
    {
        var set = new ExpiringSet(_time, TimeSpan.FromSeconds(30), 100);
        for (var i = 0; i < 10_000; i++)
        {
            set.Add($"n{i}");
            Assert.True(set.TryTake($"n{i}"));
        }

        Assert.InRange(set.QueueLength, 0, 200);
        Assert.Equal(0, set.Count);
    }

    [Fact]
    public void Item8_a_fingerprint_proven_again_and_again_keeps_the_queue_bounded_and_stays_remembered()
    {
        var set = new ExpiringSet(_time, TimeSpan.FromHours(1), 100);
        for (var i = 0; i < 10_000; i++)
        {
            set.Add("f1");
        }
        set.Add("f2");

        Assert.InRange(set.QueueLength, 0, 200);
        Assert.True(set.Contains("f1"));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(set.Contains("f1"));
        Assert.Equal(0, set.Count);
    }

    [Fact]
    public void Item8_refusal_warnings_pass_once_a_minute_with_the_count_held_back()
    {
        var throttle = new WarningThrottle(_time, MembershipState.WarningInterval);

        Assert.True(throttle.TryPass(out var first));
        Assert.Equal(0, first);
        for (var i = 0; i < 5; i++)
        {
            Assert.False(throttle.TryPass(out _));
        }
        _time.Advance(MembershipState.WarningInterval);

        Assert.True(throttle.TryPass(out var held));
        Assert.Equal(5, held);
    }
}
