using P2P.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// The network's shared secret: Parameters:network-key when configured, else generated for this run, so a plain
// `dotnet run` starts without asking; secret, so the dashboard masks it.
var networkKey = builder.AddParameter("network-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
// The token of every service's local control API (downloads, rescans), for the dashboard's commands and for tests.
var controlToken = builder.AddParameter("control-token", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

// Port 9000 is the plain REST API for this machine; 9443 the TLS port peers register, heartbeat and look up on.
var maestro = builder.AddProject<Projects.P2P_Maestro>("maestro")
    .WithEndpoint("http", e => e.Port = 9000)
    .WithEndpoint("tls", e => e.Port = 9443)
    .WithSettings(builder.Configuration.GetSection("Maestro"), "Maestro")
    .WithSecrets("Maestro", networkKey, controlToken)
    .WithHttpHealthCheck("/health", endpointName: "http")
    .WithApiReference(builder)
    .WithMaestroCommands();
builder.AddServiceControl(controlToken);
// So that `p2p get` on this machine finds the run's key by itself.
builder.WithLocalRunFile(maestro, networkKey, controlToken);

var peer1 = builder.AddPeer("peer1", "P1", restPort: 8000, grpcPort: 50051, maestro, networkKey, controlToken);
var peer2 = builder.AddPeer("peer2", "P2", restPort: 8001, grpcPort: 50052, maestro, networkKey, controlToken);
var peer3 = builder.AddPeer("peer3", "P3", restPort: 8002, grpcPort: 50053, maestro, networkKey, controlToken);
// A late joiner: declared, started from the dashboard.
var peer4 = builder.AddPeer("peer4", "P4", restPort: 8003, grpcPort: 50054, maestro, networkKey, controlToken).WithExplicitStart();

// The seed's friend ring: each peer asks the next one first and the one after as backup.
peer1.WithFriends(primary: peer2, backup: peer3);
peer2.WithFriends(primary: peer3, backup: peer1);
peer3.WithFriends(primary: peer1, backup: peer2);
peer4.WithFriends(primary: peer1, backup: peer2);

builder.Build().Run();
