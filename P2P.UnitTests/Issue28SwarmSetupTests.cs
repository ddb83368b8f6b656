using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using P2P.Peer.Swarm;
using P2P.Transfer.Swarm;

namespace P2P.Tests.Unit;

/// <summary>
/// The swarm's services (issue 28): with <c>swarming</c> on, one shelf the downloads put partials on and the server
/// reads, the watching peers and the upload slots; off, none of them, so nothing partial is served and no slot limits.
/// </summary>
public sealed class Issue28SwarmSetupTests
{
    [Fact]
    public void With_swarming_on_the_downloads_and_the_server_share_one_shelf_and_one_list_of_watching_peers()
    {
        using var services = Services(swarming: true);

        Assert.Same(services.GetRequiredService<PartialShelf>(), services.GetRequiredService<IPartialShelf>());
        Assert.Same(services.GetRequiredService<WatchingPeers>(), services.GetRequiredService<IWatchingPeers>());
        Assert.NotNull(services.GetService<UploadSlots>());
    }

    [Fact]
    public void With_swarming_off_there_is_no_shelf_no_watching_peers_and_no_upload_slots()
    {
        using var services = Services(swarming: false);

        Assert.Null(services.GetService<PartialShelf>());
        Assert.Null(services.GetService<IPartialShelf>());
        Assert.Null(services.GetService<IWatchingPeers>());
        Assert.Null(services.GetService<UploadSlots>());
        Assert.NotNull(services.GetService<SwarmMetrics>());
    }

    private static ServiceProvider Services(bool swarming)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("Peer:swarming", swarming ? "true" : "false")]);
        builder.Services.AddLogging().AddSingleton(TimeProvider.System);
        builder.AddSwarm();
        return builder.Services.BuildServiceProvider();
    }
}
