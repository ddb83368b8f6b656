namespace P2P.Peer.Swarm;

/// <summary>The swarm feature's services: its options, validated at start.</summary>
public static class SwarmSetup
{
    public static IHostApplicationBuilder AddSwarm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SwarmOptions>().BindConfiguration(PeerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
