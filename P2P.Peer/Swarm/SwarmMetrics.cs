using System.Diagnostics.Metrics;

namespace P2P.Peer.Swarm;

/// <summary>The swarm meter: bytes served from partial files, and the calls the upload slots refused or rotated.</summary>
public sealed class SwarmMetrics
{
    public const string Name = "P2P.Swarm";

    public SwarmMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        PartialBytesSent = meter.CreateCounter<long>("p2p.swarm.partial_bytes_sent", "By",
            "File bytes served from partial files: verified chunks of versions this peer is still downloading.");
        BusyRefusals = meter.CreateCounter<long>("p2p.swarm.busy_refusals", "{call}",
            "Transfer calls refused at once because the file's upload slots were taken.");
        SlotRotations = meter.CreateCounter<long>("p2p.swarm.slot_rotations", "{call}",
            "Transfer calls ended at a range boundary so that a waiting downloader gets the slot.");
    }

    public Counter<long> PartialBytesSent { get; }

    public Counter<long> BusyRefusals { get; }

    public Counter<long> SlotRotations { get; }
}
