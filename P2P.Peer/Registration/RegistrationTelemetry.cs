using System.Diagnostics;
using System.Diagnostics.Metrics;
using P2P.Contracts.Maestro;
using P2P.Hosting.Tracing;

namespace P2P.Peer.Registration;

/// <summary>
/// Heartbeats as metrics (sent by result, latency, registrations sent again) and, for the ones that fail, as spans: a
/// routine heartbeat every few seconds per peer would bury every lookup in the dashboard's trace list.
/// </summary>
public sealed class RegistrationTelemetry
{
    public const string Name = "P2P.Registration";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly string s_heartbeatSpan = $"PUT {MaestroRoutes.HeartbeatTemplate}";

    private readonly Counter<long> _heartbeats;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _reregistrations;

    public RegistrationTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _heartbeats = meter.CreateCounter<long>("p2p.registration.heartbeats", "{heartbeat}",
            "Heartbeats sent to the Maestro, by result: ok, unknown (the Maestro had forgotten this peer) or failed.");
        _latency = meter.CreateHistogram<double>("p2p.registration.heartbeat.duration", "ms", "Time the Maestro took to answer a heartbeat.");
        _reregistrations = meter.CreateCounter<long>("p2p.registration.reregistrations", "{registration}",
            "Registrations sent again because a heartbeat found the Maestro had forgotten this peer.");
    }

    public void HeartbeatAnswered(HeartbeatResult result, TimeSpan elapsed)
    {
        var tags = new TagList { { "p2p.result", result.ToString().ToLowerInvariant() } };
        _heartbeats.Add(1, tags);
        _latency.Record(elapsed.TotalMilliseconds, tags);
    }

    /// <summary>
    /// Records a heartbeat that failed as the client span it would have been, from when it was sent until now, and
    /// returns its context so that the re-registration it leads to joins its trace.
    /// </summary>
    public ActivityContext HeartbeatFailed(string peerId, DateTimeOffset sentAt, HeartbeatResult result, string reason)
    {
        using var activity = ActivitySource.StartActivity(s_heartbeatSpan, ActivityKind.Client, parentContext: default, startTime: sentAt);
        activity?.SetTag(RouteNamedClientSpans.UrlTemplateTag, MaestroRoutes.HeartbeatTemplate);
        activity?.SetTag("p2p.peer.id", peerId);
        activity?.SetTag("p2p.result", result.ToString().ToLowerInvariant());
        activity?.SetStatus(ActivityStatusCode.Error, reason);
        return activity?.Context ?? default;
    }

    /// <summary>A span over the registration sent again after <paramref name="failedHeartbeat"/>, in its trace.</summary>
    public Activity? Reregistering(string peerId, ActivityContext failedHeartbeat)
    {
        _reregistrations.Add(1);
        var activity = ActivitySource.StartActivity($"re-register {peerId}", ActivityKind.Internal, failedHeartbeat);
        activity?.SetTag("p2p.peer.id", peerId);
        return activity;
    }
}
