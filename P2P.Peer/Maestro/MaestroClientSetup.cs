using Microsoft.Extensions.Options;
using P2P.Connections;
using P2P.Contracts.Security;

namespace P2P.Peer.Maestro;

/// <summary>The client of the directory, shared by registration (register, heartbeat) and discovery (locate).</summary>
public static class MaestroClientSetup
{
    /// <summary>One call's limit: a Maestro behind a cut link answers nothing, and the caller's own retry or fallback must get its turn.</summary>
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(10);

    public static IHostApplicationBuilder AddMaestroClient(this IHostApplicationBuilder builder)
    {
        // No retries here: the registration loop retries on its own schedule and a lookup falls back to the friends;
        // the default handler's growing backoff kept a peer out of a restarted Maestro for many heartbeats.
        // One pin for the process, not one per pooled handler: what the Maestro proved once outlives handler rotation.
        builder.Services.AddSingleton(services => new MaestroPin(new ServerPin(services.GetRequiredService<IOptions<PeerOptions>>().Value.MaestroFingerprint)));
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the supported opt-out of the defaults.
        builder.Services.AddHttpClient<MaestroClient>((services, http) =>
            {
                http.BaseAddress = new Uri(services.GetRequiredService<IOptions<PeerOptions>>().Value.MaestroUrl);
                http.Timeout = s_callTimeout;
            })
            // The Maestro's TLS port, with this peer's certificate and the membership proof before the first call.
            .ConfigurePrimaryHttpMessageHandler(services => NodeConnection.Create(
                services.GetRequiredService<NodeCredentials>(), services.GetRequiredService<MaestroPin>().Pin, services.GetRequiredService<TimeProvider>(),
                NodeConnection.PlainTransport, services.GetRequiredService<ILogger<MaestroClient>>()))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }
}
