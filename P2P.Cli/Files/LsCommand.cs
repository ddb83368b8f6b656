using System.CommandLine;
using P2P.Cli.Network;
using P2P.Cli.Output;
using P2P.Contracts.Maestro;

namespace P2P.Cli.Files;

/// <summary><c>p2p ls [PEER]</c>: one peer's shared files, or every live peer's, grouped by version.</summary>
public static class LsCommand
{
    /// <summary>Peers asked by <c>p2p ls</c> without a PEER: the Maestro's list may be a lie of any length.</summary>
    public const int MaxPeersAsked = 32;

    /// <summary>Peers asked at once.</summary>
    public const int MaxPeersAtOnce = 4;

    /// <summary>The most of each peer's listing read when asking them all: tens of thousands of files, not a peer's whole allowance.</summary>
    public const int MaxListingBytesEach = 4 * 1024 * 1024;

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
        if (peers.Count > MaxPeersAsked)
        {
            await context.Console.Error.WriteLineAsync($"p2p: asked the first {MaxPeersAsked} of {peers.Count} peers; name one to see its files.");
        }
        var asked = peers.Take(MaxPeersAsked).ToList();
        var listings = new (string Peer, IReadOnlyList<SharedFileEntry> Files)[asked.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, asked.Count), new ParallelOptions { MaxDegreeOfParallelism = MaxPeersAtOnce, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var p = asked[i];
                try
                {
                    listings[i] = (p.Id, await network.FilesAsync(NetworkClient.ToAddress(p), MaxListingBytesEach, token));
                }
                catch (CliException e)
                {
                    // One peer going away between the Maestro's list and its own answer leaves the others worth showing.
                    await context.Console.Error.WriteLineAsync($"p2p: skipped peer {p.Id}: {e.Message}");
                    listings[i] = (p.Id, []);
                }
            });
        return Merge(listings);
    }
}
