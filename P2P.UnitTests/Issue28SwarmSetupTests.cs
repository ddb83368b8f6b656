using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using P2P.Peer;
using P2P.Peer.Discovery;
using P2P.Peer.Files;
using P2P.Peer.Maestro;
using P2P.Peer.Registration;
using P2P.Peer.Swarm;
using P2P.Transfer;
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

        // What downloads put on the shelf (through the announcing decorator) is what the server finds on it.
        var sha256 = new string('c', 64);
        using var entry = Assert.IsType<AnnouncingShelf>(services.GetRequiredService<IPartialShelf>())
            .Put(new DownloadManifest(DownloadId.New(), "f.bin", sha256, 10, DownloadManifest.MinChunkSize, new byte[32]), "/nowhere", []);
        Assert.NotNull(services.GetRequiredService<PartialShelf>().Find(sha256));
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
        builder.Configuration.AddInMemoryCollection([new("Peer:id", "P1"), new("Peer:shared_dir", Path.GetTempPath())]);
        builder.Services.AddLogging().AddSingleton(TimeProvider.System);
        // The announcing shelf's collaborators, as the peer registers them; its Maestro answers nothing here.
        builder.Services.AddOptions<PeerOptions>().BindConfiguration(PeerOptions.SectionName);
        builder.Services.AddSingleton<SharedFolder>().AddSingleton<LeaseStore>().AddSingleton<PartialHoldings>();
        var maestro = new HttpClient(new CannedHandler(_ => new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)))
        {
            BaseAddress = new Uri("https://maestro.test"),
        };
        builder.Services.AddSingleton(_ => new MaestroClient(maestro, NullLogger<MaestroClient>.Instance));
        builder.AddSwarm();
        return builder.Services.BuildServiceProvider();
    }
}
