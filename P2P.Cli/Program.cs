using P2P.Cli;

return await CliApp.RunAsync(args, CliConsole.System(), Environment.GetEnvironmentVariable, CancellationToken.None);
