using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using P2P.Peer.Swarm;

namespace P2P.Tests.Unit;

/// <summary>
/// Upload slots (issue 28 item 5): at most <c>upload_slots_per_file</c> downloaders served at once per file, the
/// others refused at once; a holder's turn ends while others wait, and every waiter that keeps asking is served.
/// </summary>
public sealed class Issue28Item5UploadSlotsTests
{
    private const string File = "f";
    private readonly FakeTimeProvider _time = new();
    private readonly SwarmOptions _options = new() { UploadSlotsPerFile = 2 };
    private readonly UploadSlots _slots;

    public Issue28Item5UploadSlotsTests() => _slots = new UploadSlots(Options.Create(_options), _time);

    [Fact]
    public void Past_the_slots_a_downloader_is_refused_while_a_holder_opens_more_streams_on_its_slot_and_other_files_are_apart()
    {
        using var a = _slots.TryTake(File, "a", out _);
        using var b = _slots.TryTake(File, "b", out _);
        using var secondOfA = _slots.TryTake(File, "a", out _);

        var refused = _slots.TryTake(File, "c", out var served);
        using var otherFile = _slots.TryTake("g", "c", out _);

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.NotNull(secondOfA);
        Assert.Null(refused);
        Assert.Equal(2, served);
        Assert.NotNull(otherFile);
    }

    [Fact]
    public void A_slot_is_free_again_once_all_its_streams_ended()
    {
        var a = _slots.TryTake(File, "a", out _)!;
        var secondOfA = _slots.TryTake(File, "a", out _)!;
        using var b = _slots.TryTake(File, "b", out _);

        a.Dispose();
        var stillFull = _slots.TryTake(File, "c", out _);
        secondOfA.Dispose();
        using var c = _slots.TryTake(File, "c", out _);

        Assert.Null(stillFull);
        Assert.NotNull(c);
    }

    [Fact]
    public void Nobody_is_rotated_while_nobody_waits()
    {
        using var a = _slots.TryTake(File, "a", out _)!;

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.False(a.MustYield());
    }

    [Fact]
    public void A_holder_yields_after_its_turn_while_a_downloader_waits_and_the_slot_goes_to_the_waiter_not_to_it_again()
    {
        using var a = _slots.TryTake(File, "a", out _)!;
        _time.Advance(TimeSpan.FromSeconds(1));
        using var b = _slots.TryTake(File, "b", out _)!;
        Assert.Null(_slots.TryTake(File, "c", out _));

        _time.Advance(UploadSlots.Turn - TimeSpan.FromSeconds(1.5));
        var early = a.MustYield();
        _time.Advance(TimeSpan.FromSeconds(1));
        var due = a.MustYield();
        var onlyOne = b.MustYield();
        a.Dispose();
        var again = _slots.TryTake(File, "a", out _);
        using var c = _slots.TryTake(File, "c", out _);

        Assert.False(early);
        Assert.True(due);
        Assert.False(onlyOne);
        Assert.Null(again);
        Assert.NotNull(c);
    }

    [Fact]
    public void A_waiter_that_stopped_asking_is_forgotten_and_keeps_no_slot_free()
    {
        var a = _slots.TryTake(File, "a", out _)!;
        using var b = _slots.TryTake(File, "b", out _);
        Assert.Null(_slots.TryTake(File, "gone", out _));

        a.Dispose();
        var reserved = _slots.TryTake(File, "late", out _);
        _time.Advance(UploadSlots.Patience + TimeSpan.FromSeconds(1));
        using var late = _slots.TryTake(File, "late", out _);

        Assert.Null(reserved);
        Assert.NotNull(late);
    }

    [Theory]
    [InlineData(2, 5)]
    [InlineData(1, 4)]
    [InlineData(6, 12)]
    public void Every_downloader_that_keeps_asking_is_served_within_a_bound_however_greedy_the_holders(int slots, int downloaders)
    {
        _options.UploadSlotsPerFile = slots;
        var step = TimeSpan.FromMilliseconds(100);
        var retry = TimeSpan.FromSeconds(1);
        // Each waiter ahead in line costs at most a turn of some slot, plus a retry to come back.
        var bound = (Math.Ceiling((double)downloaders / slots) + 1) * (UploadSlots.Turn + retry + retry);
        var held = new UploadSlot?[downloaders];
        var nextAsk = new TimeSpan[downloaders];
        var lastServed = new TimeSpan[downloaders];
        var longestWait = TimeSpan.Zero;

        for (var now = TimeSpan.Zero; now < TimeSpan.FromMinutes(3); now += step, _time.Advance(step))
        {
            for (var d = 0; d < downloaders; d++)
            {
                if (held[d] is { } slot)
                {
                    // A greedy holder: it never lets go unless rotated out, at a range boundary.
                    lastServed[d] = now;
                    if (slot.MustYield())
                    {
                        slot.Dispose();
                        held[d] = null;
                        nextAsk[d] = now + retry;
                    }
                }
                else if (now >= nextAsk[d])
                {
                    held[d] = _slots.TryTake(File, $"d{d}", out _);
                    nextAsk[d] = now + retry;
                }
                if (held[d] is null)
                {
                    longestWait = longestWait > now - lastServed[d] ? longestWait : now - lastServed[d];
                }
            }
            Assert.True(held.Count(h => h is not null) <= slots);
        }

        Assert.InRange(longestWait, TimeSpan.Zero, bound);
    }
}
