using System.CommandLine;
using Grpc.Core;
using P2P.Cli.Files;
using P2P.Cli.Get;
using P2P.Cli.Locate;
using P2P.Cli.Peers;
using P2P.Cli.Put;
using P2P.Cli.Status;
using P2P.Cli.Telemetry;
using P2P.Transfer;

namespace P2P.Cli;

/// <summary>
/// The <c>p2p</c> command line: parses, runs one command and turns every expected failure into one line on stderr
/// and an exit code from <see cref="ExitCodes"/>. Tests call <see cref="RunAsync"/> in-process with their own writers.
/// </summary>
public static class CliApp
{
    /// <summary>REST calls are short; a Maestro or peer silent this long is treated as unreachable.</summary>
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(30);

    public static RootCommand CreateRoot(CliContext context)
    {
        var root = new RootCommand("p2p: find, download and share files on a P2P network")
        {
            PeersCommand.Create(context),
            LsCommand.Create(context),
            LocateCommand.Create(context),
            GetCommand.Create(context),
            PutCommand.Create(context),
            StatusCommand.Create(context),
        };
        root.Options.Add(context.Maestro);
        root.Options.Add(context.Json);
        root.Options.Add(context.KeyFile);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = s_requestTimeout };
        var parsed = CreateRoot(new CliContext(console, environment, http)).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Some parse errors span lines (a list of allowed values); an error is one line here.
            var message = string.Join(' ', parsed.Errors[0].Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            await console.Error.WriteLineAsync($"p2p: {message} (see p2p --help)");
            return ExitCodes.BadArguments;
        }

        using var tracing = CliTelemetry.Start(environment);
        // One root span per run: the lookup's and the transfers' client spans hang under it, and the peers' join them.
        using var activity = CliTelemetry.ActivitySource.StartActivity($"p2p {parsed.CommandResult.Command.Name}");
        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = console.Output, Error = console.Error, EnableDefaultExceptionHandler = false },
                cancellationToken);
        }
        catch (Exception e) when (ToFailure(e) is var (code, message))
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, message);
            await console.Error.WriteLineAsync($"p2p: {message}");
            return code;
        }
    }

    /// <summary>The exit code and one-line message for an expected failure; null for a bug, which keeps its stack trace.</summary>
    public static (int Code, string Message)? ToFailure(Exception e) => e switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        FileHashMismatchException mismatch => (ExitCodes.HashMismatch, mismatch.Message),
        DownloadFailedException failed => (ExitCodes.Failed, failed.Message),
        RpcException rpc => (rpc.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.DeadlineExceeded => ExitCodes.Unreachable,
            StatusCode.NotFound => ExitCodes.NotFound,
            StatusCode.Unauthenticated or StatusCode.PermissionDenied => ExitCodes.Unauthenticated,
            StatusCode.InvalidArgument => ExitCodes.BadArguments,
            StatusCode.AlreadyExists => ExitCodes.Conflict,
            _ => ExitCodes.Failed,
        }, $"{rpc.StatusCode}: {rpc.Status.Detail}"),
        OperationCanceledException => (ExitCodes.Cancelled, "Interrupted."),
        IOException or UnauthorizedAccessException => (ExitCodes.Failed, e.Message),
        _ => null,
    };
}
