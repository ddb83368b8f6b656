using System.CommandLine;
using P2P.Cli.Output;
using P2P.Cli.Peers;

namespace P2P.Cli.Status;

/// <summary><c>p2p status</c>: the network at a glance, from the Maestro's status and its list of live peers.</summary>
public static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("status", "Show the Maestro's counts and the live peers");
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var network = context.Network(parsed);
            var status = await network.MaestroStatusAsync(cancellationToken);
            var peers = await network.PeersAsync(cancellationToken);
            var report = new StatusReport(network.Maestro.ToString(), status, peers);
            context.Output(parsed).Write(report, output => Show(output, report));
            return ExitCodes.Success;
        });
        return command;
    }

    public static void Show(CommandOutput output, StatusReport report)
    {
        var status = report.Status;
        output.Line($"Maestro {report.Maestro}: up {Units.Duration(TimeSpan.FromSeconds(status.UptimeSeconds))}, " +
            $"{status.Peers} live peers, {status.Files} distinct files, {status.Copies} copies");
        PeersCommand.Show(output, report.Peers);
    }
}
