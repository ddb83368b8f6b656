using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Security;
using P2P.Peer;
using P2P.Peer.Downloads;
using P2P.Peer.Files;
using P2P.Peer.Grpc;
using P2P.Peer.Maestro;
using P2P.Peer.Registration;
using P2P.Peer.Swarm;
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
    /// <param name="serviceTime">The transfer service's clock: <see cref="Time"/> unless a test serves over a real server.</param>
    public TransferTestPeer(string id = "P1", int fileSettleMs = 0, TimeProvider? serviceTime = null)
    {
        ServiceTime = serviceTime ?? Time;
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
        SwarmMetrics = new SwarmMetrics(_meters.GetRequiredService<IMeterFactory>());
        Slots = new UploadSlots(Microsoft.Extensions.Options.Options.Create(Swarm), ServiceTime);
        Service = CreateService(options);
    }

    /// <summary>The swarm's options the service reads on every call: a test may turn swarming off before one.</summary>
    public SwarmOptions Swarm { get; } = new();

    /// <summary>The partial downloads the service serves, as the downloads put them there.</summary>
    public PartialShelf Shelf { get; } = new(NullLogger<PartialShelf>.Instance);

    public WatchingPeers Watching { get; } = new();

    public UploadSlots Slots { get; }

    public SentCounts Sent { get; } = new();

    /// <summary>The host's lifetime, as the peer's: stopping it ends every watch.</summary>
    public ApplicationLifetime Lifetime { get; } = new(NullLogger<ApplicationLifetime>.Instance);

    public SwarmMetrics SwarmMetrics { get; }

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

    /// <summary>The transfer service's clock by default: it moves only when a test advances it.</summary>
    public ObservedTime Time { get; } = new();

    public TimeProvider ServiceTime { get; }

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

    /// <summary>
    /// Puts a download of <paramref name="content"/> as <paramref name="name"/> on the shelf, as the engine would after
    /// resume: its partial holds the true bytes of the <paramref name="verified"/> chunks and garbage elsewhere, so a
    /// byte of an unverified chunk that is served shows.
    /// </summary>
    public ShelfEntry PutPartial(string name, byte[] content, params int[] verified)
    {
        var hashes = content.Chunk(ChunkLayout.ChunkSize).SelectMany(c => System.Security.Cryptography.SHA256.HashData(c)).ToArray();
        var manifest = new P2P.Transfer.DownloadManifest(
            P2P.Transfer.DownloadId.New(), name, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), content.Length,
            ChunkLayout.ChunkSize, hashes);
        var partial = Enumerable.Repeat(Garbage, content.Length).ToArray();
        foreach (var chunk in verified)
        {
            content.AsSpan((int)manifest.OffsetOf(chunk), manifest.LengthOf(chunk)).CopyTo(partial.AsSpan((int)manifest.OffsetOf(chunk)));
        }
        var path = Staging.PartialPath(P2P.Transfer.Storage.StagingPath.DownloadKey(manifest.Sha256));
        File.WriteAllBytes(path, partial);
        return (ShelfEntry)Shelf.Put(manifest, path, verified);
    }

    /// <summary>What a partial holds where no chunk was verified yet.</summary>
    public const byte Garbage = 0xEE;

    /// <summary>The names of the plain files in the shared folder (not its hidden state folder).</summary>
    public IEnumerable<string> SharedFileNames() => Directory.GetFiles(Folder.Root).Select(f => Path.GetFileName(f)).Order();

    public IEnumerable<string> StagedFiles() => Directory.Exists(Staging.Root) ? Directory.GetFiles(Staging.Root) : [];

    private FileTransferService CreateService(Microsoft.Extensions.Options.IOptions<PeerOptions> options)
    {
        var swarm = Microsoft.Extensions.Options.Options.Create(Swarm);
        var files = new ServedFiles(Catalog, swarm, Shelf);
        var idle = new IdleLimits(options, ServiceTime);
        return new FileTransferService(
            new ManifestServer(files),
            new RangeServer(files, Folder, Metrics, SwarmMetrics, Sent, idle, NullLogger<RangeServer>.Instance, Slots),
            Uploads,
            idle,
            new AvailabilityServer(
                files, Sent, ServiceTime, Lifetime, NullLogger<AvailabilityServer>.Instance, Watching));
    }

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
