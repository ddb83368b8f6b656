using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using P2P.Transfer.Telemetry;

namespace P2P.Cli.Telemetry;

/// <summary>
/// The CLI's traces. Each command is one root span; HTTP and gRPC client spans under it carry the trace context to
/// the Maestro and the peers, so a <c>p2p get</c> is one trace in the dashboard from the lookup to every transfer.
/// Exported only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads its other settings from the environment too).
/// </summary>
public static class CliTelemetry
{
    public const string Name = "P2P.Cli";
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static TracerProvider? Start(Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(environment(EndpointVariable)))
        {
            return null;
        }
        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService(environment("OTEL_SERVICE_NAME") ?? "p2p-cli"))
            .AddSource(Name, TransferMetrics.Name)
            .AddHttpClientInstrumentation()
            .AddGrpcClientInstrumentation(grpc => grpc.SuppressDownstreamInstrumentation = true)
            .AddOtlpExporter()
            .Build();
    }
}
