using P2P.Connections;
using P2P.Hosting;
using P2P.Hosting.OpenApi;
using P2P.Peer;
using P2P.Peer.Addresses;
using P2P.Peer.Discovery;
using P2P.Peer.Downloads;
using P2P.Peer.Files;
using P2P.Peer.Grpc;
using P2P.Peer.Maestro;
using P2P.Peer.Registration;
using P2P.Peer.Status;
using P2P.Peer.Swarm;
using P2P.Peer.Ui;
using P2P.Transfer;
using P2P.Transfer.Telemetry;

// First, before any code uses the shared array pool and fixes its size for the life of the process.
ConnectionsStartup.SizeSharedArrayPool();

var builder = P2PService.CreateBuilder<PeerOptions>(args);
builder.AddP2PService<PeerOptions>(new ApiDocument("P2P Peer", "A peer's REST API: status, shared files, discovery by friends or the Maestro, "
    + "and downloads. File transfer itself is gRPC (p2p.transfer.v1.FileTransfer, with reflection).", PeerExamples.All));
builder.AddAddresses();
builder.AddFiles();
builder.AddMaestroClient();
builder.AddRegistration();
builder.AddDiscovery();
builder.AddSwarm();
builder.AddDownloads();
builder.AddTransferService();
builder.AddWebUi();

var app = builder.Build();

app.UseP2PService<PeerOptions>();
app.MapStatusApi();
app.MapFilesApi();
app.MapRegistrationApi();
app.MapLocateApi();
app.MapDownloadsApi();
app.MapTransferService();
app.MapWebUi();

app.Run();
