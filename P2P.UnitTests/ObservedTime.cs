using Microsoft.Extensions.Time.Testing;

namespace P2P.Tests.Unit;

/// <summary>
/// A fake clock that says when code under test starts waiting on it (every Task.Delay and PeriodicTimer makes a
/// timer), so a test advances it only once the wait is armed and never races the code it drives.
/// </summary>
public sealed class ObservedTime : FakeTimeProvider
{
    private int _timers;

    /// <summary>Timers created so far.</summary>
    public int Timers => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }

    /// <summary>Completes once more than <paramref name="before"/> timers were created.</summary>
    public Task TimerCreatedAsync(int before) =>
        Eventually.ReturnsAsync(_ => Task.FromResult(Timers), count => count > before, TimeSpan.FromSeconds(10), "a timer on the fake clock");
}
