using OpenTelemetry.Instrumentation.AspNetCore;
using P2P.Contracts.Transfer.V1;

namespace P2P.Peer.Grpc;

/// <summary>
/// Keeps chunk reads out of the peer's traces: a download asks for one per MiB, over 1,000 server spans for a 1 GiB
/// file, and the dashboard's ingestion of them cost more CPU than some of the peers. The downloader traces each of
/// its sources as one span instead. Manifests, uploads and every other request stay traced.
/// </summary>
public static class ChunkReadTracing
{
    private static readonly PathString s_downloadPath = $"/{FileTransfer.Descriptor.FullName}/{nameof(FileTransfer.FileTransferBase.Download)}";

    public static IServiceCollection AddChunkReadTraceFilter(this IServiceCollection services) =>
        services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var others = options.Filter;
            options.Filter = context => !IsChunkRead(context.Request) && (others?.Invoke(context) ?? true);
        });

    private static bool IsChunkRead(HttpRequest request) => request.Path == s_downloadPath;
}
