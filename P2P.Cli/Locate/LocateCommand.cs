using System.CommandLine;
using P2P.Cli.Output;
using P2P.Contracts.Files;
using P2P.Contracts.Peers;

namespace P2P.Cli.Locate;

/// <summary><c>p2p locate NAME [--mode M] [--via PEER]</c>: which peers hold a file, and the path the answer took.</summary>
public static class LocateCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The file's name" };
        var sources = new SourceOptions();
        var command = new Command("locate", "Find the peers that hold a file") { name };
        sources.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var file = parsed.GetRequiredValue(name);
            if (SharedFileName.Validate(file) is { } invalid)
            {
                throw new CliException(ExitCodes.BadArguments, invalid);
            }
            var found = await sources.LocateAsync(parsed, context.Network(parsed), file, cancellationToken);
            context.Output(parsed).Write(found, output => Show(output, found));
            return ExitCodes.Success;
        });
        return command;
    }

    public static void Show(CommandOutput output, PeerLocateResponse found)
    {
        output.Line($"{found.File}: {found.Peers.Count} {(found.Peers.Count == 1 ? "peer" : "peers")}, found by {found.FoundBy}, "
            + $"path {string.Join(" → ", found.Path)}");
        output.Table(
            ["PEER", "GRPC", "SIZE", "SHA-256"],
            found.Peers.Select(p => (IReadOnlyList<string>)[p.Id, p.GrpcUrl, Units.Bytes(p.Size), p.Sha256]));
        if (found.TraceId.Length > 0)
        {
            output.Line($"trace {found.TraceId}");
        }
    }
}
