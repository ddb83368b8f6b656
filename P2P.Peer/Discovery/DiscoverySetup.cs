namespace P2P.Peer.Discovery;

/// <summary>The discovery feature's services: friends' client, the queries seen, the locator and the download sources.</summary>
public static class DiscoverySetup
{
    public static IHostApplicationBuilder AddDiscovery(this IHostApplicationBuilder builder)
    {
        // Friend lookups carry their own per-hop budget; retries would multiply it at every hop of a chain, and one
        // circuit breaker for all friends would let a dead friend silence the live ones.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the supported opt-out of the defaults.
        builder.Services.AddHttpClient<IFriendTransport, FriendClient>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<SeenQueries>();
        builder.Services.AddSingleton<DiscoveryTelemetry>();
        builder.Services.AddTransient<FriendQueryHandler>();
        builder.Services.AddTransient<FileLocator>();
        builder.Services.AddTransient<SourceFinder>();
        return builder;
    }
}
