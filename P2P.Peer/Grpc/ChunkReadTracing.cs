using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Instrumentation.GrpcNetClient;
using OpenTelemetry.Instrumentation.Http;
using P2P.Contracts.Transfer.V1;

namespace P2P.Peer.Grpc;

/// <summary>
/// Keeps chunk reads (<c>Download</c> and <c>Fetch</c> calls) out of the peers' traces, at both ends. When a download
/// made a call per few MiB, their spans cost the dashboard more CPU to ingest than some of the peers; even the one
/// <c>Fetch</c> call per stream, recorded, slows a download measurably (bench/results.md). The downloader traces each
/// of its sources as one span instead. Manifests, uploads and every other call stay traced.
/// </summary>
public static class ChunkReadTracing
{
    private static readonly string[] s_chunkReadPaths =
    [
        $"/{FileTransfer.Descriptor.FullName}/{nameof(FileTransfer.FileTransferBase.Download)}",
        $"/{FileTransfer.Descriptor.FullName}/{nameof(FileTransfer.FileTransferBase.Fetch)}",
    ];

    public static IServiceCollection AddChunkReadTraceFilter(this IServiceCollection services)
    {
        services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var others = options.Filter;
            options.Filter = context => !IsChunkRead(context.Request.Path.Value) && (others?.Invoke(context) ?? true);
        });
        services.Configure<GrpcClientTraceInstrumentationOptions>(options =>
        {
            var others = options.Filter;
            options.Filter = request => !IsChunkRead(request.RequestUri?.AbsolutePath) && (others?.Invoke(request) ?? true);
        });
        // Left out of the gRPC client's traces, a call would otherwise be traced one level down, as its HTTP request.
        return services.Configure<HttpClientTraceInstrumentationOptions>(options =>
        {
            var others = options.FilterHttpRequestMessage;
            options.FilterHttpRequestMessage = request => !IsChunkRead(request.RequestUri?.AbsolutePath) && (others?.Invoke(request) ?? true);
        });
    }

    private static bool IsChunkRead(string? path) => s_chunkReadPaths.Contains(path);
}
