using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace P2P.Tests.Unit;

public sealed class ServiceDefaultsMetricsTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore.MemoryPool", false)]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", true)]
    [InlineData("P2P.Transfer", true)]
    public void Kestrel_s_memory_pool_is_left_out_of_the_metrics_the_other_meters_are_collected(string meterName, bool collected)
    {
        var builder = Host.CreateApplicationBuilder();
        // An exporter, as under the AppHost, so that the meters are listened to at all; nothing is exported in the test.
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
        builder.ConfigureOpenTelemetry();
        using var host = builder.Build();
        _ = host.Services.GetRequiredService<MeterProvider>();

        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("test.measurements");

        Assert.Equal(collected, counter.Enabled);
    }
}
