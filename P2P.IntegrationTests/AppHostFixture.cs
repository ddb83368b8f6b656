using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P2P.Connections;
using P2P.Contracts.Security;
using P2P.Tests.Integration.ResourceLogs;

namespace P2P.Tests.Integration;

/// <summary>
/// Starts the real AppHost once for a test class, with each peer sharing a fresh temporary folder (never the
/// repository's samples), short heartbeats and TTLs so soft-state tests wait seconds, and random ports.
/// </summary>
public class AppHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    public static readonly string[] PeerNames = ["peer1", "peer2", "peer3"];

    /// <summary>The peer the AppHost declares but does not start (WithExplicitStart): a test starts it, or none does.</summary>
    public const string LateJoiner = "peer4";

    public const int PeerTtlSeconds = 4;
    public const int HeartbeatSeconds = 1;
    private const int UplinkBytesPerSecond = 16 * 1024 * 1024;

    private readonly TempFolder _temp = new();
    private PeerChannels? _members;

    /// <summary>This app's network key: random, so that finding it anywhere (a log, an answer) can only be a leak.</summary>
    public string NetworkKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>The services' control token (the AppHost's <c>control-token</c> parameter).</summary>
    public string ControlToken { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Connections to the services' TLS ports as a member of this app's network: a certificate of its own, proving the key.</summary>
    public PeerChannels Members => _members ??= new(TestMembers.Holding(NetworkKey), TimeProvider.System);

    public DistributedApplication App { get; private set; } = null!;

    public string SharedDir(string peer) => Path.Combine(_temp.Path, peer);

    /// <summary>The AppHost's user state folder (<c>P2P_STATE_DIR</c>), where it leaves its run file: never the real home's.</summary>
    public string StateFolder => Path.Combine(_temp.Path, "user-state");

    public string Write(string peer, string name, string content) => _temp.Write(Path.Combine(peer, name), content);

    public HttpClient Client(string resource) => App.CreateHttpClient(resource, "http");

    /// <summary>A client of a service's plain REST port with its control token, as the node's operator.</summary>
    public HttpClient ControlClient(string resource)
    {
        var client = Client(resource);
        client.DefaultRequestHeaders.Authorization = new("Bearer", ControlToken);
        return client;
    }

    public Uri Endpoint(string resource, string endpoint) => App.GetEndpoint(resource, endpoint);

    /// <summary>A service's TLS port (a peer's <c>grpc</c>, the Maestro's <c>tls</c>) as an https URL: the AppHost's model calls it http.</summary>
    public string TlsUrl(string resource) =>
        new UriBuilder(Endpoint(resource, resource == "maestro" ? "tls" : "grpc")) { Scheme = Uri.UriSchemeHttps }.Uri.GetLeftPart(UriPartial.Authority);

    /// <summary>A REST client of a service's TLS port, as a proven member of this app's network (as another node calls it).</summary>
    public HttpClient MemberClient(string resource) =>
        new(NodeConnection.Create(TestMembers.Holding(NetworkKey), new ServerPin(expected: null), TimeProvider.System, NodeConnection.PlainTransport))
        {
            BaseAddress = new Uri(TlsUrl(resource)),
        };

    /// <summary>A gRPC channel to a peer's TLS port, as a proven member of this app's network.</summary>
    public GrpcChannel Grpc(string peer) => Members.For(TlsUrl(peer));

    /// <summary>Every line a resource has written to its console so far.</summary>
    public async Task<string> LogsOfAsync(string resource, CancellationToken cancellationToken)
    {
        // By resource, not by name: the orchestrator keeps a project's logs under the name of its process.
        var target = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
        var text = new StringBuilder();
        await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(target).WithCancellation(cancellationToken))
        {
            foreach (var line in batch)
            {
                text.AppendLine(line.Content);
            }
        }
        return text.ToString();
    }

    public ResourceCommandService Commands => App.Services.GetRequiredService<ResourceCommandService>();

    /// <summary>The orchestrator's recent warnings and errors, for the message of a test that a resource failed.</summary>
    public OrchestratorLog OrchestratorLog { get; } = new();

    /// <summary>More AppHost configuration for a test class that needs other settings, e.g. <c>--Peer:max_upload_bytes=1024</c>.</summary>
    protected virtual IEnumerable<string> ExtraArgs => [];

    /// <summary>Runs once the peers' empty shared folders exist, before any file is put in them or the app starts.</summary>
    protected virtual void PrepareSharedFolders()
    {
    }

    /// <summary>Runs once the app has stopped, before the temporary folders are deleted.</summary>
    protected virtual void ReleaseSharedFolders()
    {
    }

    public virtual async ValueTask InitializeAsync()
    {
        foreach (var peer in PeerNames.Append(LateJoiner))
        {
            Directory.CreateDirectory(SharedDir(peer));
        }
        PrepareSharedFolders();
        Write("peer1", SampleFiles.Shared, SampleFiles.SharedContent);
        Write("peer2", SampleFiles.Shared, SampleFiles.SharedContent);
        Write("peer1", SampleFiles.OnlyP1, "only on the first peer");
        Write("peer3", SampleFiles.OnlyP3, "only on the third peer");

        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.P2P_AppHost>(
            [
                $"--Parameters:network-key={NetworkKey}",
                $"--Parameters:control-token={ControlToken}",
                .. PeerNames.Append(LateJoiner).Select(p => $"--Peers:{p}:shared_dir={SharedDir(p)}"),
                $"--Peer:heartbeat_seconds={HeartbeatSeconds}",
                "--Peer:rescan_debounce_ms=200",
                // Written files are registered 300 ms after their last write rather than the default 2 s.
                "--Peer:file_settle_ms=300",
                "--Peer:friend_timeout_ms=1500",
                // Uplinks capped as on real links: uncapped, one warm source serves a 16 MiB file over loopback in tens of
                // milliseconds, and on a loaded machine it could take every chunk before the other source's first arrived.
                $"--Peer:serve_bytes_per_second={UplinkBytesPerSecond}",
                // Its own Maestro state: the ids it reserves to certificates would otherwise outlive the run in the user's folder.
                $"--Maestro:state_dir={Path.Combine(_temp.Path, "maestro")}",
                $"--{LocalRun.StateFolderVariable}={StateFolder}",
                $"--Maestro:peer_ttl_seconds={PeerTtlSeconds}",
                "--Maestro:sweep_interval_seconds=1",
                .. ExtraArgs,
            ],
            timeout.Token);
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        builder.Services.AddLogging(logging => logging.AddProvider(OrchestratorLog).AddProvider(ResourceLogOutput.ForCurrentCollection()));
        // Tests run no dashboard, yet Aspire points every service's OTLP exporter at one, with in-memory retries: a
        // stopping service then spends ~14 s flushing telemetry, past the orchestrator's stop timeout, and a restart fails.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }

        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        foreach (var resource in PeerNames.Prepend("maestro"))
        {
            try
            {
                await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }
            catch (DistributedApplicationException e)
            {
                throw new InvalidOperationException($"{e.Message} Orchestrator warnings and errors:{Environment.NewLine}{OrchestratorLog.Recent()}", e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        _members?.Dispose();
        ReleaseSharedFolders();
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
