using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace P2P.Peer.Discovery;

/// <summary>
/// Spans of every lookup hop, lookup metrics (by mode and result, hops per answer, duration), and this peer's
/// running counts of forwarded queries, shown at <c>GET /discovery</c>.
/// </summary>
public sealed class DiscoveryTelemetry
{
    public const string Name = "P2P.Discovery";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _lookups;
    private readonly Histogram<int> _hops;
    private readonly Histogram<double> _duration;
    private long _received;
    private long _duplicates;
    private long _expired;
    private long _forwarded;
    private long _found;

    public DiscoveryTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _lookups = meter.CreateCounter<long>("p2p.discovery.lookups", "{lookup}", "Lookups started at this peer, by mode and result.");
        _hops = meter.CreateHistogram<int>("p2p.discovery.hops", "{hop}", "Hops from the asking peer to the peer that answered.");
        _duration = meter.CreateHistogram<double>("p2p.discovery.duration", "ms", "Time to answer a lookup started at this peer.");
    }

    public void LookupFinished(string mode, bool found, int hops, TimeSpan elapsed)
    {
        var tags = new TagList { { "p2p.mode", mode }, { "p2p.result", found ? "found" : "not_found" } };
        _lookups.Add(1, tags);
        _duration.Record(elapsed.TotalMilliseconds, tags);
        if (found)
        {
            _hops.Record(hops, new TagList { { "p2p.mode", mode } });
        }
    }

    public void QueryReceived() => Interlocked.Increment(ref _received);

    public void DuplicateRefused() => Interlocked.Increment(ref _duplicates);

    public void QueryExpired() => Interlocked.Increment(ref _expired);

    public void QueryForwarded() => Interlocked.Increment(ref _forwarded);

    public void FileFound() => Interlocked.Increment(ref _found);

    public DiscoveryCounters Snapshot() => new(
        Interlocked.Read(ref _received), Interlocked.Read(ref _duplicates), Interlocked.Read(ref _expired),
        Interlocked.Read(ref _forwarded), Interlocked.Read(ref _found));
}
