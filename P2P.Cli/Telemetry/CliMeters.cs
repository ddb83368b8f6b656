using System.Diagnostics.Metrics;

namespace P2P.Cli.Telemetry;

/// <summary>The meter factory the transfer engine counts into; a CLI run has no host to provide one.</summary>
public sealed class CliMeters : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
