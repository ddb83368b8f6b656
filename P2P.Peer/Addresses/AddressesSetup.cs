using Microsoft.Extensions.Options;

namespace P2P.Peer.Addresses;

/// <summary>The addresses feature: what a peer listening on every interface advertises to the network.</summary>
public static class AddressesSetup
{
    public static IHostApplicationBuilder AddAddresses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPostConfigureOptions<PeerOptions>, OutwardAddress>();
        return builder;
    }
}
