using P2P.Contracts.Security;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using P2P.Contracts.Maestro;
using P2P.Peer;
using P2P.Peer.Downloads;
using P2P.Peer.Files;
using P2P.Peer.Grpc;
using P2P.Peer.Maestro;
using P2P.Peer.Registration;
using P2P.Transfer.Telemetry;

namespace P2P.Tests.Unit;

/// <summary>
/// One peer's file services over a temp folder, wired as Program.cs wires them, with a Maestro that answers every
/// registration in memory: enough to call <see cref="FileTransferService"/> directly, with no network.
/// </summary>
public sealed class TransferTestPeer : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeMaestro _maestro = new();

    /// <param name="fileSettleMs">0 by default: a test's file, written just before a scan, is listed at once.</param>
    public TransferTestPeer(string id = "P1", int fileSettleMs = 0)
    {
        Options = new PeerOptions
        {
            Id = id, SharedDir = Path.Combine(_temp.Path, "shared"), MaestroUrl = "https://maestro.test", NetworkKey = NetworkKey, FileSettleMs = fileSettleMs,
            RescanDebounceMs = 10,
        };
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Folder = new SharedFolder(options);
        Catalog = new FileCatalog(
            new SharedFolderScanner(Folder, options, TimeProvider.System, NullLogger<SharedFolderScanner>.Instance), NullLogger<FileCatalog>.Instance);
        var maestro = new MaestroClient(new HttpClient(_maestro) { BaseAddress = new Uri(Options.MaestroUrl) }, NullLogger<MaestroClient>.Instance);
        var state = new RegistrationState();
        RegistrationTelemetry = new RegistrationTelemetry(_meters.GetRequiredService<IMeterFactory>());
        Registrar = new MaestroRegistrar(
            Catalog, maestro, new LeaseStore(Folder), state, RegistrationTelemetry, options, TimeProvider.System,
            NullLogger<MaestroRegistrar>.Instance);
        ChangeListener = new CatalogChangeListener(Catalog, Registrar, state, new HeartbeatSwitch(), NullLogger<CatalogChangeListener>.Instance);
        Staging = new StagingArea(Folder, Catalog, NullLogger<StagingArea>.Instance);
        Metrics = new TransferMetrics(_meters.GetRequiredService<IMeterFactory>());
        Space = new StagingSpace(Staging, options);
        Target = new RoomCheckedStaging(Staging, Space);
        Uploads = new UploadIntake(Catalog, Staging, new UploadQuota(Catalog, Space, options), Metrics, options, NullLogger<UploadIntake>.Instance);
        Service = new FileTransferService(Catalog, Folder, Uploads, Metrics, options, Time, NullLogger<FileTransferService>.Instance);
    }

    public const string NetworkKey = "unit-test-network-key";

    /// <summary>The room <c>max_staging_bytes</c> leaves.</summary>
    public StagingSpace Space { get; }

    public UploadIntake Uploads { get; }

    /// <summary>The staging area as downloads use it, room reserved first.</summary>
    public RoomCheckedStaging Target { get; }

    /// <summary>The peer's certificate, as its locations report it.</summary>
    public NodeIdentity Identity { get; } = NodeIdentity.Ephemeral(TimeProvider.System);

    /// <summary>The live options: a test may change them before a call.</summary>
    public PeerOptions Options { get; }

    public SharedFolder Folder { get; }

    public FileCatalog Catalog { get; }

    public MaestroRegistrar Registrar { get; }

    public RegistrationTelemetry RegistrationTelemetry { get; }

    /// <summary>Registers the catalog's changes once a test starts it, as the host starts it; disposing the peer stops it.</summary>
    public CatalogChangeListener ChangeListener { get; }

    public StagingArea Staging { get; }

    public TransferMetrics Metrics { get; }

    /// <summary>The transfer service's clock: it moves only when a test advances it.</summary>
    public FakeTimeProvider Time { get; } = new();

    public FileTransferService Service { get; }

    /// <summary>The folder above the shared folder: where an escaping name would land.</summary>
    public string Outside => _temp.Path;

    /// <summary>Completes when a registration that lists <paramref name="file"/> reaches the (fake) Maestro.</summary>
    public Task RegisteredWithAsync(string file) =>
        Eventually.ReturnsAsync(_ => Task.FromResult(_maestro.Registrations.Any(r => r.Files.Any(f => f.Name == file))), listed => listed,
            TimeSpan.FromSeconds(10), $"a registration listing {file}");

    /// <summary>Writes a file into the shared folder and rescans, as the watcher would.</summary>
    public async Task<SharedFile> ShareAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        await File.WriteAllBytesAsync(Path.Combine(Folder.Root, name), content, cancellationToken);
        await Catalog.RescanAsync(cancellationToken);
        return Catalog.Find(name) ?? throw new InvalidOperationException($"The scan did not list '{name}'.");
    }

    /// <summary>The names of the plain files in the shared folder (not its hidden state folder).</summary>
    public IEnumerable<string> SharedFileNames() => Directory.GetFiles(Folder.Root).Select(f => Path.GetFileName(f)).Order();

    public IEnumerable<string> StagedFiles() => Directory.Exists(Staging.Root) ? Directory.GetFiles(Staging.Root) : [];

    public void Dispose()
    {
        ChangeListener.Dispose();
        _meters.Dispose();
        _maestro.Dispose();
        Identity.Dispose();
        _temp.Dispose();
    }

    private sealed class FakeMaestro : HttpMessageHandler
    {
        public ConcurrentQueue<PeerRegistration> Registrations { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath == MaestroRoutes.Register)
            {
                Registrations.Enqueue((PeerRegistration)((JsonContent)request.Content!).Value!);
            }
            var accepted = new StringContent("""{"id":"P1","file_count":0,"peer_ttl_seconds":15}""", Encoding.UTF8, "application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = accepted });
        }
    }
}
