using P2P.Hosting;
using P2P.Hosting.OpenApi;
using P2P.Maestro;
using P2P.Maestro.Directory;

var builder = P2PService.CreateBuilder<MaestroOptions>(args);
builder.AddP2PService<MaestroOptions>(new ApiDocument("P2P Maestro",
    "The network's directory: peers register their files and heartbeat; anyone locates a file's live holders.", DirectoryExamples.All));
builder.AddDirectory();

var app = builder.Build();

app.UseP2PService<MaestroOptions>();
app.MapDirectoryApi();

app.Run();
