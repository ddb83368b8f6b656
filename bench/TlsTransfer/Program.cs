using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;
using P2P.Cli.Get;
using P2P.Connections;
using P2P.Contracts.Security;
using P2P.Contracts.Transfer.V1;
using P2P.Hosting;
using P2P.Hosting.Membership;
using P2P.Hosting.OpenApi;
using P2P.Peer;
using P2P.Peer.Files;
using P2P.Peer.Grpc;
using P2P.Transfer;
using P2P.Transfer.Sources;
using P2P.Transfer.Telemetry;

// One peer's real transfer service in this process, reached by the real download engine over its TLS port (certificates,
// membership proof, TLS 1.3) and over a clear HTTP/2 port, in alternating rounds: the same verified download both ways.
var sizeMiB = args.Length > 0 ? int.Parse(args[0]) : 1024;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
var scratch = Directory.CreateTempSubdirectory("p2p-tls-bench-").FullName;
const string Key = "the-benchmarks-network-key";
const string Name = "bench.bin";
try
{
    var shared = Directory.CreateDirectory(Path.Combine(scratch, "shared")).FullName;
    await WriteRandomAsync(Path.Combine(shared, Name), (long)sizeMiB << 20);

    var builder = P2PService.CreateBuilder<PeerOptions>([]);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Peer:id"] = "B1", ["Peer:shared_dir"] = shared, ["Peer:maestro_url"] = "https://127.0.0.1:1", ["Peer:network_key"] = Key,
        ["Peer:file_settle_ms"] = "0", ["Kestrel:Endpoints:http:Url"] = "http://127.0.0.1:0", ["Kestrel:Endpoints:grpc:Url"] = "http://127.0.0.1:0",
        ["Logging:LogLevel:Default"] = "Warning", ["OTEL_SDK_DISABLED"] = "true",
    });
    builder.AddP2PService<PeerOptions>(new ApiDocument("bench", "bench", []));
    builder.AddFiles();
    builder.AddTransferService();
    // The clear port exists only here: a peer serves transfers on its TLS port alone, to proven members.
    var clearPort = FreePort();
    builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, clearPort, l => l.Protocols = HttpProtocols.Http2));
    builder.Services.Configure<GrpcServiceOptions>(o =>
    {
        foreach (var membership in o.Interceptors.Where(i => i.Type == typeof(MembershipInterceptor)).ToList())
        {
            o.Interceptors.Remove(membership);
        }
    });
    await using var app = builder.Build();
    // The gate admits gRPC only from proven certificates: the clear port's calls stand for one that proved the key.
    using var clearMember = NodeIdentity.Ephemeral(TimeProvider.System);
    app.Services.GetRequiredService<MembershipState>().Proven.Add(clearMember.Fingerprint);
    app.Use((context, next) =>
    {
        if (context.Connection.LocalPort == clearPort)
        {
            context.Connection.ClientCertificate = clearMember.Certificate;
        }
        return next(context);
    });
    app.UseP2PService<PeerOptions>();
    app.MapTransferService();
    await app.StartAsync();
    // A peer's first scan runs with its registration, which this one has none of.
    await app.Services.GetRequiredService<FileCatalog>().RescanAsync(CancellationToken.None);
    var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
    var tlsUrl = addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal));
    var clearUrl = $"http://127.0.0.1:{clearPort}";

    using var tls = new PeerChannels(new NodeCredentials(NodeIdentity.Ephemeral(TimeProvider.System), Key), TimeProvider.System);
    using var clear = new PeerChannels(new NodeCredentials(NodeIdentity.Ephemeral(TimeProvider.System), Key), TimeProvider.System,
        createHandler: () => PeerChannels.Transport(tls: null));
    await WaitUntilServedAsync(tls.For(tlsUrl));

    Console.WriteLine($"TLS vs clear: {sizeMiB} MiB verified download from one in-process peer, {rounds} rounds of each, alternating; "
        + $"TLS {tlsUrl} (TLS 1.3, {(OperatingSystem.IsLinux() ? "TLS_AES_128_GCM_SHA256 first" : "system ciphers")}), clear {clearUrl} (h2c); "
        + $".NET {Environment.Version}, {Environment.ProcessorCount} cores, AES-NI {System.Runtime.Intrinsics.X86.Aes.IsSupported}");
    var rates = new Dictionary<string, List<double>> { ["tls"] = [], ["clear"] = [] };
    await DownloadAsync("tls", tls, tlsUrl, warmup: true);
    await DownloadAsync("clear", clear, clearUrl, warmup: true);
    for (var round = 0; round < rounds; round++)
    {
        var order = round % 2 == 0 ? new[] { "clear", "tls" } : ["tls", "clear"];
        foreach (var transport in order)
        {
            rates[transport].Add(await DownloadAsync(transport, transport == "tls" ? tls : clear, transport == "tls" ? tlsUrl : clearUrl, warmup: false));
        }
    }
    var medianTls = Median(rates["tls"]);
    var medianClear = Median(rates["clear"]);
    Console.WriteLine($"median: clear {medianClear:F1} MB/s, TLS {medianTls:F1} MB/s, TLS / clear {medianTls / medianClear:F3}");
    var perRound = rates["tls"].Zip(rates["clear"], (t, c) => t / c).ToList();
    Console.WriteLine($"TLS / clear per round: {string.Join(", ", perRound.Select(r => r.ToString("F3")))} (median {Median(perRound):F3})");
    await app.StopAsync();

    async Task<double> DownloadAsync(string transport, PeerChannels channels, string url, bool warmup)
    {
        var destination = Directory.CreateDirectory(Path.Combine(scratch, $"dest-{Guid.NewGuid():N}")).FullName;
        var metrics = new TransferMetrics(app.Services.GetRequiredService<IMeterFactory>());
        var services = new TransferServices(channels, metrics, TimeProvider.System, NullLogger<TransferServices>.Instance);
        var download = new FileDownload(DownloadId.New(), Name, null, _ => Task.FromResult<IReadOnlyList<SourceAddress>>([SourceAddress.At(url)]),
            new FolderTarget(destination), services, 1);
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await download.RunAsync(null, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Directory.Delete(destination, recursive: true);
        var rate = ((double)sizeMiB * (1 << 20)) / seconds / 1e6;
        Console.WriteLine($"{(warmup ? "warm-up" : "round")} {transport,-5} {rate,7:F1} MB/s  {seconds,6:F2} s  CPU {cpuSeconds,6:F2} s (server and client)");
        return rate;
    }
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WriteRandomAsync(string path, long bytes)
{
    await using var file = File.Create(path);
    var buffer = new byte[1 << 20];
    for (long written = 0; written < bytes; written += buffer.Length)
    {
        RandomNumberGenerator.Fill(buffer);
        await file.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, bytes - written)));
    }
}

static async Task WaitUntilServedAsync(Grpc.Net.Client.GrpcChannel channel)
{
    var client = new FileTransfer.FileTransferClient(channel);
    for (var attempt = 0; ; attempt++)
    {
        try
        {
            await client.GetManifestAsync(new GetManifestRequest { FileName = Name });
            return;
        }
        catch (Grpc.Core.RpcException) when (attempt < 600)
        {
            await Task.Delay(100);
        }
    }
}
