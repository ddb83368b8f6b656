namespace P2P.Maestro.Directory;

/// <summary>The directory feature's services: the index of live peers, the ids reserved to their certificates, the sweeper that expires the silent ones, its size as metrics, and heartbeats kept out of traces.</summary>
public static class DirectorySetup
{
    public static IHostApplicationBuilder AddDirectory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IdClaims>();
        builder.Services.AddSingleton<PeerDirectory>();
        builder.Services.AddSingleton<RegistrationRefusals>();
        builder.Services.AddHostedService<ExpiredPeerSweeper>();
        builder.Services.AddHostedService<DirectoryMetrics>();
        builder.Services.AddHeartbeatTraceFilter();
        return builder;
    }
}
