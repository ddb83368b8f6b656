using P2P.Contracts;
using P2P.Contracts.Configuration;
using P2P.Contracts.Hosting;
using P2P.Contracts.Security;
using P2P.Maestro;
using P2P.Maestro.Directory;

// Settings ship beside the binary; the working directory is the caller's, where a relative --config path points.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddSeedConfigFile(args, MaestroOptions.SectionName, new Dictionary<string, string> { ["http"] = "port" });

builder.AddServiceDefaults();

builder.Services.AddOptions<MaestroOptions>()
    .BindConfiguration(MaestroOptions.SectionName)
    .WithNetworkKeyFallback()
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(new ProcessUptime(TimeProvider.System));
builder.Services.AddSingleton<PeerDirectory>();
builder.Services.AddHostedService<ExpiredPeerSweeper>();
builder.Services.AddTracedProblemDetails();
builder.Services.AddNetworkKeyAuthentication<MaestroOptions>();
builder.Services.AddRestLimits<MaestroOptions>();
builder.Services.ConfigureHttpJsonOptions(o => SnakeCaseJson.Apply(o.SerializerOptions));
builder.Services.AddP2POpenApi("P2P Maestro", "The network's directory: peers register their files and heartbeat; anyone locates a file's live holders.", DirectoryExamples.All);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRestLimits<MaestroOptions>();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapP2POpenApi();
app.MapDirectoryApi();

app.Run();
