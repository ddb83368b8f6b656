using P2P.Cli;
using P2P.Connections;

// First, before any code uses the shared array pool and fixes its size for the life of the process.
ConnectionsStartup.SizeSharedArrayPool();

return await CliApp.RunAsync(args, CliConsole.System(), Environment.GetEnvironmentVariable, CancellationToken.None);
