using Microsoft.Extensions.DependencyInjection.Extensions;
using P2P.Transfer.Swarm;

namespace P2P.Peer.Swarm;

/// <summary>
/// The swarm feature's services: its options, validated at start, its meter, and, only while <c>swarming</c> is on,
/// the shelf of partial downloads the transfer server serves (announced to the Maestro), the peers watching them and
/// the upload slots. Off, none is registered: downloads use <see cref="NoShelf"/> and the server serves complete
/// copies only, as before.
/// </summary>
public static class SwarmSetup
{
    public static IHostApplicationBuilder AddSwarm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SwarmOptions>().BindConfiguration(PeerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<SwarmMetrics>();
        builder.Services.TryAddSingleton<SentCounts>();
        var options = new SwarmOptions();
        builder.Configuration.GetSection(PeerOptions.SectionName).Bind(options);
        if (options.Swarming)
        {
            builder.Services.AddSingleton<PartialShelf>();
            builder.Services.AddSingleton<IPartialShelf>(services => services.GetRequiredService<PartialShelf>());
            AnnouncingShelf.Decorate(builder.Services);
            builder.Services.AddSingleton<WatchingPeers>();
            builder.Services.AddSingleton<IWatchingPeers>(services => services.GetRequiredService<WatchingPeers>());
            builder.Services.AddSingleton<UploadSlots>();
        }
        return builder;
    }
}
