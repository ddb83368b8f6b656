namespace P2P.Peer.Swarm;

/// <summary>The swarm feature's services: its options, validated at start, and the shelf's announces to the Maestro.</summary>
public static class SwarmSetup
{
    public static IHostApplicationBuilder AddSwarm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SwarmOptions>().BindConfiguration(PeerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        AnnouncingShelf.Decorate(builder.Services);
        return builder;
    }
}
