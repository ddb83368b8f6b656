using P2P.Cli;
using P2P.Transfer.Connections;

SharedPoolSize.Apply();

return await CliApp.RunAsync(args, CliConsole.System(), Environment.GetEnvironmentVariable, CancellationToken.None);
