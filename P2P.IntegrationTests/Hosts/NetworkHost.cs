using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using P2P.Connections;
using P2P.Contracts;
using P2P.Contracts.Maestro;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// One host of a <see cref="HostNetwork"/>: a network namespace with one link (<c>eth0</c>) into the bridge, an
/// address of its own and no default route, and a folder for its config files and shared folder. It runs the Maestro
/// and peers from seed-style <c>config.json</c> files on the seed's ports.
/// </summary>
public sealed class NetworkHost(string name, string netns, IPAddress address, string folder, string networkKey, string controlToken)
{
    public const int MaestroPort = 9000;
    public const int MaestroTlsPort = 9443;
    public const int RestPort = 8000;
    public const int GrpcPort = 50051;
    public const string Link = "eth0";
    private static readonly TimeSpan s_startLimit = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<int, HttpClient> _clients = new();
    private readonly ConcurrentBag<HostProcess> _processes = [];

    public string Name { get; } = name;

    public string Namespace { get; } = netns;

    public IPAddress Address { get; } = address;

    public string SharedDir { get; } = Directory.CreateDirectory(Path.Combine(folder, "shared")).FullName;

    public string Url(int port) => $"http://{Address}:{port}";

    /// <summary>The URL of one of this host's TLS ports (a peer's <c>grpc_port</c>, the Maestro's <c>tls_port</c>).</summary>
    public string TlsUrl(int port) => $"https://{Address}:{port}";

    /// <summary>A client from the driver to one of this host's plain REST ports, carrying the control token (which reads ignore).</summary>
    public HttpClient Http(int port = RestPort) => _clients.GetOrAdd(port, p =>
    {
        // A cut host must fail a request in seconds, not after the default 100 s.
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3), UseProxy = false };
        var client = new HttpClient(handler) { BaseAddress = new Uri(Url(p)), Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", controlToken);
        return client;
    });

    /// <summary>A client from the driver to one of this host's TLS ports, as a member that proved the network key.</summary>
    public HttpClient Member(int port) => _clients.GetOrAdd(-port, _ => new HttpClient(
        NodeConnection.Create(TestMembers.Holding(networkKey), new ServerPin(expected: null), TimeProvider.System, NodeConnection.PlainTransport))
    {
        BaseAddress = new Uri(TlsUrl(port)),
        Timeout = TimeSpan.FromSeconds(15),
    });

    /// <summary>The live peers the Maestro on this host lists.</summary>
    public async Task<List<PeerSummary>> ListPeersAsync(CancellationToken cancellationToken) =>
        await Http(MaestroPort).GetFromJsonAsync<List<PeerSummary>>(MaestroRoutes.Peers, SnakeCaseJson.Options, cancellationToken) ?? [];

    public Task ShareAsync(string name, byte[] bytes, CancellationToken cancellationToken) =>
        File.WriteAllBytesAsync(Path.Combine(SharedDir, name), bytes, cancellationToken);

    /// <summary>The bytes this host has sent on its link so far, as its kernel counts them (headers and TLS included).</summary>
    public async Task<long> SentBytesAsync(CancellationToken cancellationToken) =>
        long.Parse(await SystemCommand.RunAsync("ip", ["netns", "exec", Namespace, "cat", $"/sys/class/net/{Link}/statistics/tx_bytes"], cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);

    public Task CutLinkAsync(CancellationToken cancellationToken) =>
        SystemCommand.RunAsync("ip", ["-n", Namespace, "link", "set", Link, "down"], cancellationToken);

    /// <summary>Brings the link back up; the kernel restores the on-link route with it.</summary>
    public Task RestoreLinkAsync(CancellationToken cancellationToken) =>
        SystemCommand.RunAsync("ip", ["-n", Namespace, "link", "set", Link, "up"], cancellationToken);

    /// <summary>
    /// Starts a Maestro listening on every interface, as the seed's <c>config.json</c> has it (the plain REST port too,
    /// <c>rest_ip</c>, so the driver can read it from outside), and waits until it answers.
    /// </summary>
    public Task<HostProcess> StartMaestroAsync(IReadOnlyDictionary<string, object>? settings, CancellationToken cancellationToken)
    {
        var config = new Dictionary<string, object>
        {
            ["ip"] = "0.0.0.0", ["rest_ip"] = "0.0.0.0", ["port"] = MaestroPort, ["tls_port"] = MaestroTlsPort,
            ["state_dir"] = Path.Combine(Path.GetDirectoryName(SharedDir)!, "maestro-state"),
        };
        return StartAsync("P2P.Maestro", "maestro.json", MaestroPort, Merge(config, settings), cancellationToken);
    }

    /// <summary>
    /// Starts a peer configured as the seed's peers are (<c>"ip": "0.0.0.0"</c>, <c>maestro_url</c> the Maestro host's
    /// address, no <c>rest_url</c>) and waits until it is registered with the Maestro.
    /// </summary>
    public Task<HostProcess> StartPeerAsync(string id, NetworkHost maestro, IReadOnlyDictionary<string, object>? settings, CancellationToken cancellationToken)
    {
        var config = new Dictionary<string, object>
        {
            ["id"] = id,
            ["ip"] = "0.0.0.0",
            ["rest_ip"] = "0.0.0.0",
            ["port"] = RestPort,
            ["grpc_port"] = GrpcPort,
            ["shared_dir"] = "shared",
            ["maestro_url"] = maestro.TlsUrl(MaestroTlsPort),
        };
        return StartAsync("P2P.Peer", "config.json", RestPort, Merge(config, settings), cancellationToken);
    }

    internal void StopEverything()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private async Task<HostProcess> StartAsync(
        string project, string configName, int port, Dictionary<string, object> config, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(Path.GetDirectoryName(SharedDir)!, configName);
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config), cancellationToken);
        var process = HostProcess.Start(Namespace, project, configPath, $"{project} on {Name} ({Address})", new Dictionary<string, string>
        {
            // The key comes from the environment, as the README asks of anything under version control.
            ["P2P_NETWORK_KEY"] = networkKey,
            ["P2P_CONTROL_TOKEN"] = controlToken,
            ["OTEL_SDK_DISABLED"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
            // Dozens of services share two cores: one GC heap each, not one per core.
            ["DOTNET_gcServer"] = "0",
        });
        _processes.Add(process);
        await WaitUntilHealthyAsync(process, port, cancellationToken);
        return process;
    }

    private async Task WaitUntilHealthyAsync(HostProcess process, int port, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_startLimit);
        while (!deadline.IsCancellationRequested)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited before it was healthy. Its output:\n{process.Output}");
            }
            try
            {
                using var response = await Http(port).GetAsync("/health", deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or past the deadline: the loop decides.
            }
            await Task.Delay(200, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"{process.Name} was not healthy within {s_startLimit.TotalSeconds} s. Its output:\n{process.Output}");
    }

    private static Dictionary<string, object> Merge(Dictionary<string, object> config, IReadOnlyDictionary<string, object>? settings)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, object>())
        {
            config[key] = value;
        }
        return config;
    }
}
