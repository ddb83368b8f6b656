using System.Collections.ObjectModel;
using System.Diagnostics;

namespace P2P.Tests;

/// <summary>
/// Where OpenTelemetry's in-memory exporter puts the spans a test records, safe to add to from any thread and read as a
/// snapshot: test classes run in parallel in one process, and the activity sources a test listens to are shared with
/// them, so spans of other tests arrive while this one reads (a plain list threw "Collection was modified" once).
/// </summary>
public sealed class ActivityLog : Collection<Activity>
{
    private readonly Lock _lock = new();

    /// <summary>The spans recorded so far.</summary>
    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_lock)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }

    protected override void SetItem(int index, Activity item)
    {
        lock (_lock)
        {
            base.SetItem(index, item);
        }
    }

    protected override void RemoveItem(int index)
    {
        lock (_lock)
        {
            base.RemoveItem(index);
        }
    }

    protected override void ClearItems()
    {
        lock (_lock)
        {
            base.ClearItems();
        }
    }
}
