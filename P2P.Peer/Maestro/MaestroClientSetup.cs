using Microsoft.Extensions.Options;
using P2P.Connections;
using P2P.Contracts.Security;

namespace P2P.Peer.Maestro;

/// <summary>The client of the directory, shared by registration (register, heartbeat) and discovery (locate).</summary>
public static class MaestroClientSetup
{
    public static IHostApplicationBuilder AddMaestroClient(this IHostApplicationBuilder builder)
    {
        // No retries here: the registration loop retries on its own schedule and a lookup falls back to the friends;
        // the default handler's growing backoff kept a peer out of a restarted Maestro for many heartbeats.
        // One pin per Maestro for the process, not one per pooled handler: what a Maestro proved once outlives handler rotation.
        builder.Services.AddSingleton(services =>
        {
            var peer = services.GetRequiredService<IOptions<PeerOptions>>().Value;
            return new MaestroPin(peer.MaestroFingerprint, peer.MaestroUrls.Count);
        });
        builder.Services.AddSingleton<MaestroEndpoints>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the supported opt-out of the defaults.
        builder.Services.AddHttpClient<MaestroClient>((services, http) =>
            {
                var endpoints = services.GetRequiredService<MaestroEndpoints>();
                http.BaseAddress = endpoints.Urls[0];
                http.Timeout = MaestroFailover.AttemptTimeout * endpoints.Urls.Count;
            })
            // The Maestros' TLS ports, with this peer's certificate and the membership proof before the first call to each.
            .ConfigurePrimaryHttpMessageHandler(services => new MaestroFailover(
                services.GetRequiredService<MaestroEndpoints>(),
                maestro => NodeConnection.Create(
                    services.GetRequiredService<NodeCredentials>(), services.GetRequiredService<MaestroPin>().For(maestro),
                    services.GetRequiredService<TimeProvider>(), NodeConnection.PlainTransport,
                    services.GetRequiredService<ILogger<MaestroClient>>()),
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<MaestroFailover>>()))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }
}
