using Microsoft.Extensions.Options;
using P2P.Contracts;
using P2P.Contracts.Configuration;
using P2P.Contracts.Hosting;
using P2P.Contracts.Security;
using P2P.Contracts.Transfer.V1;
using P2P.Peer;
using P2P.Peer.Discovery;
using P2P.Peer.Files;
using P2P.Peer.Grpc;
using P2P.Peer.Registration;
using P2P.Peer.Status;
using P2P.Peer.Transfer;
using P2P.Transfer;
using P2P.Transfer.Connections;
using P2P.Transfer.Telemetry;

SharedPoolSize.Apply();

// Settings ship beside the binary; the working directory is the caller's, where a relative --config path points.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddSeedConfigFile(args, PeerOptions.SectionName, new Dictionary<string, string> { ["http"] = "port", ["grpc"] = "grpc_port" });

builder.AddServiceDefaults();
builder.Services.AddChunkReadTraceFilter();

builder.Services.AddOptions<PeerOptions>()
    .BindConfiguration(PeerOptions.SectionName)
    .WithNetworkKeyFallback()
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(new ProcessUptime(TimeProvider.System));
builder.Services.AddTracedProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => SnakeCaseJson.Apply(o.SerializerOptions));
builder.Services.AddRestLimits<PeerOptions>();
builder.Services.AddNetworkKeyAuthentication<PeerOptions>();
builder.Services.AddP2POpenApi("P2P Peer", "A peer's REST API: status, shared files, discovery by friends or the Maestro, and downloads. "
    + "File transfer itself is gRPC (p2p.transfer.v1.FileTransfer, with reflection).", PeerExamples.All);

builder.Services.AddSingleton<SharedFolder>();
builder.Services.AddSingleton<SharedFolderScanner>();
builder.Services.AddSingleton<FileCatalog>();
builder.Services.AddSingleton<StagingArea>();
builder.Services.AddSingleton<StagingSpace>();
builder.Services.AddHostedService<SharedFolderWatcher>();

builder.Services.AddHttpClient<MaestroClient>((services, http) =>
    http.BaseAddress = new Uri(services.GetRequiredService<IOptions<PeerOptions>>().Value.MaestroUrl));
builder.Services.AddSingleton<LeaseStore>();
builder.Services.AddSingleton<RegistrationState>();
builder.Services.AddSingleton<MaestroRegistrar>();
builder.Services.AddHostedService<RegistrationService>();
builder.Services.AddHealthChecks().AddCheck<RegistrationHealthCheck>("maestro-registration");

// Friend lookups carry their own per-hop budget; retries would multiply it at every hop of a chain, and one
// circuit breaker for all friends would let a dead friend silence the live ones.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the supported opt-out of the defaults.
builder.Services.AddHttpClient<IFriendTransport, FriendClient>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
builder.Services.AddSingleton<SeenQueries>();
builder.Services.AddSingleton<DiscoveryTelemetry>();
builder.Services.AddTransient<FriendQueryHandler>();
builder.Services.AddTransient<FileLocator>();
builder.Services.AddTransient<SourceFinder>();

builder.Services.AddSingleton<TransferMetrics>();
builder.Services.AddSingleton<PeerChannels>();
builder.Services.AddSingleton<TransferServices>();
builder.Services.AddSingleton<DownloadServices>();
builder.Services.AddSingleton<DownloadManager>();
builder.Services.AddHostedService(services => services.GetRequiredService<DownloadManager>());
builder.Services.AddHostedService<StagingCollector>();
builder.Services.AddSingleton<UploadQuota>();
builder.Services.AddSingleton<ClientTransferSlots>();
builder.Services.AddSingleton<ServeRateLimiter>();
builder.Services.AddGrpc(o => o.Interceptors.Add<ServeRateLimiter>())
    .AddServiceOptions<FileTransferService>(o => o.Interceptors.Add<TransferGuardInterceptor>());
// The transfer service serves while the Maestro is away; the overall status ("") stays the peer's readiness, as /health.
builder.Services.AddGrpcHealthChecks(o => o.Services.Map(FileTransfer.Descriptor.FullName, check => check.Tags.Contains("live")));
builder.Services.AddGrpcReflection();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRestLimits<PeerOptions>();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapP2POpenApi();
app.MapStatusApi();
app.MapFilesApi();
app.MapLocateApi();
app.MapGrpcService<FileTransferService>();
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService();
app.MapDownloadsApi();

app.Run();
