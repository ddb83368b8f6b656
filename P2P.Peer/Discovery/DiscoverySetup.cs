using Microsoft.Extensions.DependencyInjection.Extensions;
using P2P.Connections;

namespace P2P.Peer.Discovery;

/// <summary>The discovery feature's services: friends' client, the queries seen, the locator, this peer's partial holdings and the download sources.</summary>
public static class DiscoverySetup
{
    public static IHostApplicationBuilder AddDiscovery(this IHostApplicationBuilder builder)
    {
        // Friends are asked over the TLS connections (and membership proof) the transfers use, without retries: a lookup
        // carries its own per-hop budget, which retries would multiply at every hop of a chain.
        builder.Services.TryAddSingleton<PeerChannels>();
        builder.Services.AddSingleton<IFriendTransport, FriendClient>();
        builder.Services.AddSingleton<SeenQueries>();
        builder.Services.AddSingleton<DiscoveryTelemetry>();
        builder.Services.AddSingleton<PartialHoldings>();
        builder.Services.AddTransient<FriendQueryHandler>();
        builder.Services.AddTransient<FileLocator>();
        builder.Services.AddTransient<SourceFinder>();
        return builder;
    }
}
