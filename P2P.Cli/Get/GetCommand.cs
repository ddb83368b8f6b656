using System.CommandLine;
using System.Diagnostics;
using P2P.Cli.Locate;
using P2P.Cli.Network;
using P2P.Cli.Output;
using P2P.Cli.Telemetry;
using P2P.Connections;
using P2P.Contracts.Files;
using P2P.Transfer;
using P2P.Transfer.Engine;
using P2P.Transfer.Sources;
using P2P.Transfer.Telemetry;

namespace P2P.Cli.Get;

/// <summary>
/// <c>p2p get NAME [--to DIR]</c>: downloads a file straight from its holders' gRPC endpoints with the peers' own
/// engine (chunks from every source at once, each verified, then the whole SHA-256), resuming a previous run's partial file.
/// </summary>
public static class GetCommand
{
    /// <summary>Concurrent chunk streams per source, as a peer's default <c>download_streams_per_source</c>.</summary>
    private const int StreamsPerSource = 1;

    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The file's name in the network" };
        var to = new Option<string>("--to")
        {
            Description = "The folder to write the file into (created when missing; default: the current folder)",
            HelpName = "DIR",
            DefaultValueFactory = _ => ".",
        };
        var source = new Option<string[]>("--source")
        {
            Description = "Take the file from this gRPC URL instead of looking it up (repeatable)",
            HelpName = "URL",
            AllowMultipleArgumentsPerToken = false,
        };
        var sources = new SourceOptions();
        var command = new Command("get", "Download a file from the peers that hold it, verified by SHA-256 and resumable") { name, to, source };
        sources.AddTo(command);
        command.SetAction((parsed, cancellationToken) => RunAsync(
            context, parsed, parsed.GetRequiredValue(name), parsed.GetValue(to) ?? ".", parsed.GetValue(source) ?? [], sources, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        CliContext context, ParseResult parsed, string file, string folder, string[] explicitSources, SourceOptions sources,
        CancellationToken cancellationToken)
    {
        if (SharedFileName.Validate(file) is { } invalid)
        {
            throw new CliException(ExitCodes.BadArguments, invalid);
        }
        var given = explicitSources.Select(url => HttpUrl.Parse(url, "--source").ToString()).ToList();
        var network = context.Network(parsed);
        var target = new FolderTarget(folder);
        Directory.CreateDirectory(target.Folder);

        var activity = Activity.Current;
        activity?.SetTag("p2p.file", file);
        using var channels = new PeerChannels(context.Credentials(parsed), TimeProvider.System);
        using var meters = new CliMeters();
        var services = new TransferServices(
            channels, new TransferMetrics(meters), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<TransferServices>.Instance);
        var download = new FileDownload(DownloadId.New(), file, null, FindAsync, target, services, StreamsPerSource);

        var output = context.Output(parsed);
        var run = download.RunAsync(activity, cancellationToken);
        if (!output.IsJson)
        {
            // With --json, stdout carries the report alone, for a program to read.
            await DownloadProgress.FollowAsync(context.Console, download, run, TimeProvider.System);
        }
        bool fetched;
        try
        {
            fetched = await run;
        }
        catch (DownloadFailedException e) when (File.Exists(target.PathOf(file)))
        {
            throw new CliException(ExitCodes.Conflict, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Cancelled, download.BytesDone > 0
                ? $"Interrupted: {Units.Bytes(download.BytesDone)} verified and kept in {target.Root}; run the same command again to resume."
                : "Interrupted before any chunk arrived.");
        }
        target.Tidy();

        var report = new GetReport(file, target.PathOf(file), download.BytesTotal, download.Sha256!, !fetched, download.BytesResumed,
            download.Sources.Where(s => s.Chunks > 0).Select(s => s.Id.Length > 0 ? s.Id : s.GrpcUrl).ToList());
        output.Write(report, o => o.Line(Describe(report)));
        return ExitCodes.Success;

        async Task<IReadOnlyList<SourceAddress>> FindAsync(string? version, CancellationToken token)
        {
            if (given.Count > 0)
            {
                return given.Select(SourceAddress.At).ToList();
            }
            return (await sources.LocateAsync(parsed, network, file, token)).Peers.Select(l => new SourceAddress(l.Id, l.GrpcUrl, l.Fingerprint)).ToList();
        }
    }

    public static string Describe(GetReport report)
    {
        if (report.AlreadyPresent)
        {
            return $"{report.Path} is already there with the same content ({Units.Bytes(report.Size)}, sha256 {report.Sha256}).";
        }
        var resumed = report.BytesResumed > 0 ? $", {Units.Bytes(report.BytesResumed)} resumed from an earlier run" : "";
        return $"Downloaded {report.File} to {report.Path} ({Units.Bytes(report.Size)}, sha256 {report.Sha256} verified) "
            + $"from {string.Join(", ", report.Sources)}{resumed}.";
    }
}
