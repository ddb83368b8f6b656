using Microsoft.Extensions.Time.Testing;
using P2P.Transfer.Sources;

namespace P2P.Tests.Unit;

public sealed class WaitBudgetTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_wait_ends_when_the_budget_is_spent()
    {
        using var budget = new WaitBudget(s_limit, _time, CancellationToken.None);

        AssertNextWaitEndsAfter(budget, s_limit);
    }

    [Fact]
    public void The_waits_for_one_chunk_add_up_so_a_source_that_drips_its_bytes_runs_out_and_time_between_waits_is_free()
    {
        using var budget = new WaitBudget(s_limit, _time, CancellationToken.None);

        for (var message = 0; message < 2; message++)
        {
            Wait(budget, TimeSpan.FromSeconds(10));
            // This peer's own delay (a buffer, a request): not the source's.
            _time.Advance(TimeSpan.FromMinutes(5));
        }

        AssertNextWaitEndsAfter(budget, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_completed_chunk_gives_the_next_one_the_whole_budget()
    {
        using var budget = new WaitBudget(s_limit, _time, CancellationToken.None);
        Wait(budget, TimeSpan.FromSeconds(25));

        budget.Reset();
        var wait = budget.Start();
        _time.Advance(TimeSpan.FromSeconds(29));

        Assert.False(wait.IsCancellationRequested);
    }

    [Fact]
    public void A_budget_overspent_by_a_message_that_came_just_in_time_ends_the_next_wait_at_once()
    {
        using var budget = new WaitBudget(s_limit, _time, CancellationToken.None);
        Wait(budget, TimeSpan.FromSeconds(31));

        Assert.True(budget.Start().IsCancellationRequested);
    }

    [Fact]
    public void A_wait_ends_at_once_when_its_other_token_is_cancelled()
    {
        using var complete = new CancellationTokenSource();
        using var budget = new WaitBudget(s_limit, _time, complete.Token);
        var wait = budget.Start();

        complete.Cancel();

        Assert.True(wait.IsCancellationRequested);
    }

    /// <summary>A wait for a message that comes after <paramref name="waited"/>.</summary>
    private void Wait(WaitBudget budget, TimeSpan waited)
    {
        budget.Start();
        _time.Advance(waited);
        budget.Stop();
    }

    private void AssertNextWaitEndsAfter(WaitBudget budget, TimeSpan left)
    {
        var wait = budget.Start();
        _time.Advance(left - TimeSpan.FromSeconds(1));
        Assert.False(wait.IsCancellationRequested);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(wait.IsCancellationRequested);
    }
}
