using Microsoft.Extensions.DependencyInjection.Extensions;
using P2P.Connections;
using P2P.Transfer;
using P2P.Transfer.Telemetry;

namespace P2P.Peer.Downloads;

/// <summary>The downloads feature's services: the download engine, the jobs and their manager, the staging collector.</summary>
public static class DownloadsSetup
{
    public static IHostApplicationBuilder AddDownloads(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<TransferMetrics>();
        builder.Services.TryAddSingleton<PeerChannels>();
        builder.Services.AddSingleton<TransferServices>();
        builder.Services.AddSingleton<DownloadServices>();
        builder.Services.AddSingleton<DownloadManager>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DownloadManager>());
        builder.Services.AddHostedService<StagingCollector>();
        return builder;
    }
}
