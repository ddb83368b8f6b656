using System.CommandLine;
using P2P.Cli.Network;
using P2P.Cli.Output;

namespace P2P.Cli;

/// <summary>What every command shares: the global options, the console, the environment and the HTTP client.</summary>
public sealed class CliContext(CliConsole console, Func<string, string?> environment, HttpClient http)
{
    public Option<string?> Maestro { get; } = new("--maestro")
    {
        Description = $"The Maestro's URL (default: ${MaestroAddress.EnvironmentVariable}, else {MaestroAddress.Default})",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write the answer as JSON (snake_case, as the REST APIs)",
        Recursive = true,
    };

    public CliConsole Console { get; } = console;

    public Func<string, string?> Environment { get; } = environment;

    public NetworkClient Network(ParseResult parsed) => new(http, MaestroAddress.Resolve(parsed.GetValue(Maestro), Environment), Console.Error);

    public CommandOutput Output(ParseResult parsed) => new(Console, parsed.GetValue(Json));
}
