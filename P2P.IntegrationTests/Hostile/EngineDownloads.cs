using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using P2P.Cli.Get;
using P2P.Connections;
using P2P.Transfer;
using P2P.Transfer.Sources;
using P2P.Transfer.Telemetry;

namespace P2P.Tests.Integration.Hostile;

/// <summary>The download engine as <c>p2p get</c> runs it, into a plain folder from the sources a test names, on the test's clock.</summary>
public sealed class EngineDownloads(TimeProvider time, string networkKey = TestMembers.Key) : IDisposable
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PeerChannels _channels = new(TestMembers.Holding(networkKey), time);

    public FileDownload Create(string file, string destination, params string[] sources) =>
        Create(file, destination, sources.Select(SourceAddress.At).ToArray());

    /// <summary>A download from sources as a directory reports them: each with the fingerprint its certificate must have.</summary>
    public FileDownload Create(string file, string destination, params SourceAddress[] located)
    {
        var metrics = new TransferMetrics(_meters.GetRequiredService<IMeterFactory>());
        var services = new TransferServices(_channels, metrics, time, NullLogger<TransferServices>.Instance);
        return new FileDownload(
            DownloadId.New(), file, null, _ => Task.FromResult<IReadOnlyList<SourceAddress>>(located), new FolderTarget(destination), services, 1);
    }

    public void Dispose()
    {
        _channels.Dispose();
        _meters.Dispose();
    }
}
