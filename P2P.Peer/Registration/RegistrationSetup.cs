namespace P2P.Peer.Registration;

/// <summary>The registration feature's services: the lease, the heartbeat loop and its switch and telemetry, the catalog's listener and the health check.</summary>
public static class RegistrationSetup
{
    public static IHostApplicationBuilder AddRegistration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LeaseStore>();
        builder.Services.AddSingleton<RegistrationState>();
        builder.Services.AddSingleton<RegistrationTelemetry>();
        builder.Services.AddSingleton<HeartbeatSwitch>();
        builder.Services.AddSingleton<MaestroRegistrar>();
        builder.Services.AddHostedService<RegistrationService>();
        builder.Services.AddHostedService<CatalogChangeListener>();
        builder.Services.AddHealthChecks().AddCheck<RegistrationHealthCheck>("maestro-registration");
        return builder;
    }
}
