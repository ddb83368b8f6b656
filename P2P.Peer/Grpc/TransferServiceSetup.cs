using Microsoft.Extensions.DependencyInjection.Extensions;
using P2P.Contracts.Transfer.V1;
using P2P.Hosting.Membership;
using P2P.Transfer;
using P2P.Transfer.Telemetry;

namespace P2P.Peer.Grpc;

/// <summary>The gRPC side of the peer: the transfer service with its guards and serving rate, its health and reflection.</summary>
public static class TransferServiceSetup
{
    public static IHostApplicationBuilder AddTransferService(this IHostApplicationBuilder builder)
    {
        builder.Services.AddChunkReadTraceFilter();
        builder.Services.TryAddSingleton<TransferMetrics>();
        builder.Services.AddSingleton<UploadQuota>();
        builder.Services.AddSingleton<UploadIntake>();
        builder.Services.AddSingleton<ClientTransferSlots>();
        builder.Services.AddSingleton<ServeRateLimiter>();
        // Membership first: nothing else runs for a caller that has not proven the key.
        builder.Services.AddGrpc(o =>
            {
                o.Interceptors.Add<MembershipInterceptor>();
                o.Interceptors.Add<ServeRateLimiter>();
            })
            .AddServiceOptions<FileTransferService>(o => o.Interceptors.Add<TransferGuardInterceptor>());
        // The transfer service serves while the Maestro is away; the overall status ("") stays the peer's readiness, as /health.
        builder.Services.AddGrpcHealthChecks(o => o.Services.Map(FileTransfer.Descriptor.FullName, check => check.Tags.Contains("live")));
        builder.Services.AddGrpcReflection();
        return builder;
    }

    public static IEndpointRouteBuilder MapTransferService(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<FileTransferService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
