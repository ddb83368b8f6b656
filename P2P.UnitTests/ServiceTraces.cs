using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using P2P.Hosting.Tracing;
using P2P.Maestro.Directory;

namespace P2P.Tests.Unit;

/// <summary>
/// The services' own trace set-up in the test process (the service defaults, client spans named by route, the
/// Maestro's heartbeat filter), recording into <see cref="Log"/> every span of the test's clients and loopback servers.
/// </summary>
public sealed class ServiceTraces : IDisposable
{
    private readonly IHost _host;

    public ServiceTraces()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.ConfigureOpenTelemetry();
        builder.Services.AddRouteNamedClientSpans();
        builder.Services.AddHeartbeatTraceFilter();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Log));
        _host = builder.Build();
        _ = _host.Services.GetRequiredService<TracerProvider>();
    }

    /// <summary>Spans of every test running meanwhile too: a test picks its own by id or trace.</summary>
    public ActivityLog Log { get; } = new();

    public void Dispose() => _host.Dispose();
}
