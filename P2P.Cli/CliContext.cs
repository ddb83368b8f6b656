using System.CommandLine;
using P2P.Cli.Network;
using P2P.Cli.Output;
using P2P.Contracts.Security;

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

    public Option<string?> Key { get; } = new("--key")
    {
        Description = $"The network key, which get and put prove to peers without sending it (default: ${NetworkKey.EnvironmentVariable})",
        HelpName = "KEY",
        Recursive = true,
    };

    public CliConsole Console { get; } = console;

    public Func<string, string?> Environment { get; } = environment;

    public NetworkClient Network(ParseResult parsed) => new(http, MaestroAddress.Resolve(parsed.GetValue(Maestro), Environment), Console.Error);

    public CommandOutput Output(ParseResult parsed) => new(Console, parsed.GetValue(Json));

    /// <summary>A certificate for this run only, and the network key to prove to the peers it connects to.</summary>
    public NodeCredentials Credentials(ParseResult parsed)
    {
        var key = parsed.GetValue(Key) ?? Environment(NetworkKey.EnvironmentVariable);
        if (string.IsNullOrEmpty(key))
        {
            throw new CliException(ExitCodes.Unauthenticated, $"Peers talk only to members of the network: give the network key with --key or ${NetworkKey.EnvironmentVariable}.");
        }
        return new NodeCredentials(NodeIdentity.Ephemeral(TimeProvider.System), key);
    }
}
