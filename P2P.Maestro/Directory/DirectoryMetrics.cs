using System.Diagnostics.Metrics;

namespace P2P.Maestro.Directory;

/// <summary>
/// The directory's size as gauges, read when the metrics are collected: live peers, distinct files, copies of files.
/// A hosted service so the gauges exist from the start, before any request has needed the directory.
/// </summary>
public sealed class DirectoryMetrics(IMeterFactory meters, PeerDirectory directory) : IHostedService
{
    public const string Name = "P2P.Maestro";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meters.Create(Name);
        meter.CreateObservableGauge("p2p.directory.peers", () => directory.Count().Peers, "{peer}", "Live peers in the directory.");
        meter.CreateObservableGauge("p2p.directory.files", () => directory.Count().Files, "{file}", "Distinct file names the live peers hold.");
        meter.CreateObservableGauge("p2p.directory.copies", () => directory.Count().Copies, "{file}", "Copies of files the live peers hold, a file on two peers counting twice.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
