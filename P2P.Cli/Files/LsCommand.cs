using System.CommandLine;
using P2P.Cli.Network;
using P2P.Cli.Output;
using P2P.Contracts.Maestro;

namespace P2P.Cli.Files;

/// <summary><c>p2p ls [PEER]</c>: one peer's shared files, or every live peer's, grouped by version.</summary>
public static class LsCommand
{
    public static Command Create(CliContext context)
    {
        var peer = new Argument<string?>("PEER")
        {
            Description = "A peer id or a peer's REST URL (default: every live peer)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("ls", "List shared files") { peer };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var network = context.Network(parsed);
            var output = context.Output(parsed);
            if (parsed.GetValue(peer) is { } one)
            {
                var files = await network.FilesAsync(await network.ResolvePeerAsync(one, cancellationToken), cancellationToken);
                output.Write(files, o => Show(o, files.Select(f => new NetworkFile(f.Name, f.Size, f.Sha256, [])).ToList()));
                return ExitCodes.Success;
            }
            var all = await EveryPeerAsync(context, network, cancellationToken);
            output.Write(all, o => Show(o, all));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Merges peers' listings: one row per name and hash, with the peers holding it.</summary>
    public static List<NetworkFile> Merge(IEnumerable<(string Peer, IReadOnlyList<SharedFileEntry> Files)> listings) =>
        listings
            .SelectMany(l => l.Files.Select(f => (l.Peer, File: f)))
            .GroupBy(x => (x.File.Name, x.File.Sha256))
            .Select(g => new NetworkFile(g.Key.Name, g.First().File.Size, g.Key.Sha256, g.Select(x => x.Peer).Order(StringComparer.Ordinal).ToList()))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ThenBy(f => f.Sha256, StringComparer.Ordinal)
            .ToList();

    public static void Show(CommandOutput output, IReadOnlyList<NetworkFile> files)
    {
        if (files.Count == 0)
        {
            output.Line("No shared files.");
            return;
        }
        var withPeers = files.Any(f => f.Peers.Count > 0);
        output.Table(
            withPeers ? ["NAME", "SIZE", "SHA-256", "PEERS"] : ["NAME", "SIZE", "SHA-256"],
            files.Select(f => (IReadOnlyList<string>)(withPeers
                ? [f.Name, Units.Bytes(f.Size), Units.ShortHash(f.Sha256), string.Join(", ", f.Peers)]
                : [f.Name, Units.Bytes(f.Size), Units.ShortHash(f.Sha256)])));
    }

    private static async Task<List<NetworkFile>> EveryPeerAsync(CliContext context, NetworkClient network, CancellationToken cancellationToken)
    {
        var peers = await network.PeersAsync(cancellationToken);
        var listings = await Task.WhenAll(peers.Select(async p =>
        {
            try
            {
                return (p.Id, (IReadOnlyList<SharedFileEntry>)await network.FilesAsync(NetworkClient.ToAddress(p), cancellationToken));
            }
            catch (CliException e)
            {
                // One peer going away between the Maestro's list and its own answer leaves the others worth showing.
                await context.Console.Error.WriteLineAsync($"p2p: skipped peer {p.Id}: {e.Message}");
                return (p.Id, []);
            }
        }));
        return Merge(listings);
    }
}
