using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Instrumentation.GrpcNetClient;
using OpenTelemetry.Instrumentation.Http;
using P2P.Contracts.Transfer.V1;

namespace P2P.Peer.Grpc;

/// <summary>
/// Keeps chunk reads out of the peers' traces, at both ends: a download makes a call per few MiB, hundreds of client
/// and server spans for a 1 GiB file, and the dashboard's ingestion of them cost more CPU than some of the peers. The
/// downloader traces each of its sources as one span instead. Manifests, uploads and every other call stay traced.
/// </summary>
public static class ChunkReadTracing
{
    private static readonly string s_downloadPath = $"/{FileTransfer.Descriptor.FullName}/{nameof(FileTransfer.FileTransferBase.Download)}";

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

    private static bool IsChunkRead(string? path) => path == s_downloadPath;
}
