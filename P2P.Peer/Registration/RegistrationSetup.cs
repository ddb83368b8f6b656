using Microsoft.Extensions.Options;

namespace P2P.Peer.Registration;

/// <summary>The registration feature's services: the Maestro's client, the lease, the heartbeat loop and its health check.</summary>
public static class RegistrationSetup
{
    public static IHostApplicationBuilder AddRegistration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient<MaestroClient>((services, http) =>
            http.BaseAddress = new Uri(services.GetRequiredService<IOptions<PeerOptions>>().Value.MaestroUrl));
        builder.Services.AddSingleton<LeaseStore>();
        builder.Services.AddSingleton<RegistrationState>();
        builder.Services.AddSingleton<MaestroRegistrar>();
        builder.Services.AddHostedService<RegistrationService>();
        builder.Services.AddHealthChecks().AddCheck<RegistrationHealthCheck>("maestro-registration");
        return builder;
    }
}
