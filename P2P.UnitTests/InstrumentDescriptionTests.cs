using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using P2P.Maestro;
using P2P.Maestro.Directory;
using P2P.Peer.Discovery;
using P2P.Peer.Registration;
using P2P.Transfer.Telemetry;

namespace P2P.Tests.Unit;

/// <summary>Every instrument our meters create says what it counts and in which unit, so the dashboard's charts read at a glance.</summary>
public sealed class InstrumentDescriptionTests
{
    private static readonly Type[] s_meterOwners =
        [typeof(TransferMetrics), typeof(DiscoveryTelemetry), typeof(RegistrationTelemetry), typeof(DirectoryMetrics)];

    [Fact]
    public void Every_class_that_creates_meters_is_checked_here()
    {
        var owners = s_meterOwners
            .Select(t => t.Assembly).Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(IMeterFactory))))
            .ToHashSet();

        Assert.Equal(s_meterOwners.OrderBy(t => t.FullName), owners.OrderBy(t => t.FullName));
    }

    [Fact]
    public async Task Every_instrument_has_a_unit_and_a_description()
    {
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var instruments = new List<Instrument>();
        using var listener = new MeterListener
        {
            // Only this test's meters: tests running alongside create meters of the same names.
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    lock (instruments)
                    {
                        instruments.Add(instrument);
                    }
                }
            },
        };
        listener.Start();

        _ = new TransferMetrics(meters);
        _ = new DiscoveryTelemetry(meters);
        _ = new RegistrationTelemetry(meters);
        using var state = new TempFolder();
        await new DirectoryMetrics(meters, DirectoryKit.Create(TimeProvider.System, DirectoryKit.Options(state.Path)))
            .StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(s_meterOwners.Length, instruments.Select(i => i.Meter.Name).Distinct().Count());
        Assert.All(instruments, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.Unit), $"{i.Name} has no unit");
            Assert.False(string.IsNullOrWhiteSpace(i.Description), $"{i.Name} has no description");
        });
        Assert.Contains(instruments, i => i.Name == "p2p.registration.heartbeat.duration" && i.Unit == "ms");
        Assert.Contains(instruments, i => i.Name == "p2p.directory.peers" && i.Unit == "{peer}");
        Assert.Contains(instruments, i => i.Name == "p2p.transfer.download.bytes" && i.Unit == "By");
    }
}
