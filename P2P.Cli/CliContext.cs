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

    /// <summary>The largest key file read: a key is tens of characters.</summary>
    private const int MaxKeyFileBytes = 4096;

    /// <summary>A file, not the key itself: a command line is visible to every user of the machine in <c>ps</c>.</summary>
    public Option<string?> KeyFile { get; } = new("--key-file")
    {
        Description = "A file holding the network key, which get and put prove to peers without sending it; - reads it from "
            + $"standard input (default: ${NetworkKey.EnvironmentVariable})",
        HelpName = "PATH",
        Recursive = true,
    };

    public CliConsole Console { get; } = console;

    public Func<string, string?> Environment { get; } = environment;

    public NetworkClient Network(ParseResult parsed) => new(http, MaestroAddress.Resolve(parsed.GetValue(Maestro), Environment, RunMaestro), Console.Error);

    public CommandOutput Output(ParseResult parsed) => new(Console, parsed.GetValue(Json));

    /// <summary>
    /// A certificate for this run only, and the network key to prove to the peers it connects to: <c>--key-file</c>,
    /// else the environment, else the running AppHost's <see cref="LocalRun"/> file in the user's state folder.
    /// </summary>
    public NodeCredentials Credentials(ParseResult parsed)
    {
        var path = parsed.GetValue(KeyFile);
        var key = path is null ? Environment(NetworkKey.EnvironmentVariable) : ReadKey(path);
        if (string.IsNullOrEmpty(key) && path is null)
        {
            key = LocalRunFile.Read(RunFilePath)?.NetworkKey;
        }
        if (string.IsNullOrEmpty(key))
        {
            throw new CliException(ExitCodes.Unauthenticated,
                $"Peers talk only to members of the network: give the network key with --key-file PATH (- for standard input) or "
                + $"${NetworkKey.EnvironmentVariable}, "
                + $"or start the AppHost on this machine (it leaves the key in {RunFilePath}).");
        }
        return new NodeCredentials(NodeIdentity.Ephemeral(TimeProvider.System), key);
    }

    private string RunFilePath => LocalRun.PathIn(LocalRun.StateFolder(Environment));

    // The Maestro of the AppHost running here, when its run file can be trusted; else the default's.
    private string? RunMaestro()
    {
        try
        {
            return LocalRunFile.Read(RunFilePath)?.MaestroUrl;
        }
        catch (CliException)
        {
            return null;
        }
    }

    private static string ReadKey(string path)
    {
        try
        {
            using var stream = path == "-" ? System.Console.OpenStandardInput() : File.OpenRead(path);
            var buffer = new byte[MaxKeyFileBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }
            if (length > MaxKeyFileBytes)
            {
                throw new CliException(ExitCodes.BadArguments, $"The key file {path} is over {MaxKeyFileBytes} bytes: it should hold the network key alone.");
            }
            return System.Text.Encoding.UTF8.GetString(buffer, 0, length).Trim();
        }
        catch (IOException e)
        {
            throw new CliException(ExitCodes.BadArguments, $"Cannot read the key file {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException(ExitCodes.BadArguments, $"Cannot read the key file {path}: {e.Message}");
        }
    }
}
