using System.CommandLine;
using System.Globalization;
using P2P.Cli.Output;
using P2P.Contracts.Maestro;

namespace P2P.Cli.Peers;

/// <summary><c>p2p peers</c>: the live peers the Maestro knows, with their addresses and file counts.</summary>
public static class PeersCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("peers", "List the live peers");
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var peers = await context.Network(parsed).PeersAsync(cancellationToken);
            context.Output(parsed).Write(peers, output => Show(output, peers));
            return ExitCodes.Success;
        });
        return command;
    }

    public static void Show(CommandOutput output, IReadOnlyList<PeerSummary> peers)
    {
        if (peers.Count == 0)
        {
            output.Line("No live peers.");
            return;
        }
        output.Table(
            ["ID", "REST", "GRPC", "FILES", "LAST SEEN"],
            peers.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => (IReadOnlyList<string>)
                [p.Id, p.RestUrl, p.GrpcUrl, p.FileCount.ToString(CultureInfo.InvariantCulture), p.LastSeen.ToString("u", CultureInfo.InvariantCulture)]));
    }
}
