using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using P2P.Cli.Get;
using P2P.Connections;
using P2P.Transfer;
using P2P.Transfer.Engine;
using P2P.Transfer.Sources;
using P2P.Transfer.Swarm;
using P2P.Transfer.Telemetry;

namespace P2P.Tests.Integration.Hostile;

/// <summary>The download engine as <c>p2p get</c> runs it, into a plain folder from the sources a test names, on the test's clock.</summary>
public sealed class EngineDownloads(TimeProvider time, string networkKey = TestMembers.Key) : IDisposable
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PeerChannels _channels = new(TestMembers.Holding(networkKey), time);

    /// <summary>Where downloads put their partials to be served; none unless a test gives one.</summary>
    public IPartialShelf? Shelf { get; init; }

    public FileDownload Create(string file, string destination, params string[] sources) =>
        Create(file, destination, sources.Select(SourceAddress.At).ToArray());

    /// <summary>A download from sources as a directory reports them: each with the fingerprint its certificate must have.</summary>
    public FileDownload Create(string file, string destination, params SourceAddress[] located) =>
        new(DownloadId.New(), file, null, (_, _) => Task.FromResult<IReadOnlyList<SourceAddress>>(located), new FolderTarget(destination),
            Services(), 1);

    /// <summary>
    /// A swarming download, as a peer with <c>swarming</c> on runs it: <paramref name="find"/> answers each lookup, given
    /// the version once it is chosen, and the download looks again every second while it could use more sources.
    /// </summary>
    public FileDownload CreateSwarming(string file, string destination, Func<string?, IReadOnlyList<string>> find) =>
        new(DownloadId.New(), file, null,
            (sha256, _) => Task.FromResult<IReadOnlyList<SourceAddress>>(find(sha256).Select(SourceAddress.At).ToList()),
            new FolderTarget(destination), Services(), 1, new SwarmSettings(TimeSpan.FromSeconds(1)));

    private TransferServices Services() =>
        new(_channels, new TransferMetrics(_meters.GetRequiredService<IMeterFactory>()), time, NullLogger<TransferServices>.Instance, Shelf);

    public void Dispose()
    {
        _channels.Dispose();
        _meters.Dispose();
    }
}
