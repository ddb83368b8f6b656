using Microsoft.Extensions.Options;

namespace P2P.Peer.Maestro;

/// <summary>The client of the directory, shared by registration (register, heartbeat) and discovery (locate).</summary>
public static class MaestroClientSetup
{
    public static IHostApplicationBuilder AddMaestroClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient<MaestroClient>((services, http) =>
            http.BaseAddress = new Uri(services.GetRequiredService<IOptions<PeerOptions>>().Value.MaestroUrl));
        return builder;
    }
}
