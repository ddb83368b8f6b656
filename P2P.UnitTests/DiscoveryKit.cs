using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P2P.Peer.Discovery;
using P2P.Peer.Maestro;

namespace P2P.Tests.Unit;

/// <summary>One test peer's discovery classes, wired as Program.cs wires them, with the network they call given by the test.</summary>
public sealed class DiscoveryKit(TransferTestPeer peer) : IDisposable
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    /// <summary>The versions the test peer is downloading, as its announcing shelf would record them.</summary>
    public PartialHoldings Partials { get; } = new();

    public FriendQueryHandler Handler(IFriendTransport friends) => new(
        peer.Catalog, friends, new SeenQueries(TimeProvider.System), Telemetry(), Options.Create(peer.Options), peer.Identity, Partials,
        NullLogger<FriendQueryHandler>.Instance);

    public FileLocator Locator(IFriendTransport friends, MaestroClient maestro) => new(
        peer.Catalog, Handler(friends), maestro, Telemetry(), TimeProvider.System, Options.Create(peer.Options), peer.Identity,
        NullLogger<FileLocator>.Instance);

    public void Dispose() => _meters.Dispose();

    private DiscoveryTelemetry Telemetry() => new(_meters.GetRequiredService<IMeterFactory>());
}
