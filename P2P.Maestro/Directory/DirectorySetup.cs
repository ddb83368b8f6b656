namespace P2P.Maestro.Directory;

/// <summary>The directory feature's services: the index of live peers and the sweeper that expires the silent ones.</summary>
public static class DirectorySetup
{
    public static IHostApplicationBuilder AddDirectory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PeerDirectory>();
        builder.Services.AddHostedService<ExpiredPeerSweeper>();
        return builder;
    }
}
