using System.CommandLine;
using P2P.Cli.Network;
using P2P.Contracts.Peers;

namespace P2P.Cli.Locate;

/// <summary>
/// How a command finds a file's holders: the Maestro by default, or through a peer (<c>--via PEER</c>) in one of the
/// peer's lookup modes (<c>--mode</c>). Shared by <c>locate</c> and <c>get</c>.
/// </summary>
public sealed class SourceOptions
{
    public static readonly string[] Modes = ["auto", "local", "friends", "maestro"];

    public Option<string> Mode { get; } = CreateMode();

    public Option<string?> Via { get; } = new("--via")
    {
        Description = "Ask this peer (an id or its REST URL) instead of the Maestro; the answer shows the hop path",
        HelpName = "PEER",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Mode);
        command.Options.Add(Via);
    }

    /// <summary>Looks the file up as the options say; a file nobody has is a <see cref="CliException"/> (not found).</summary>
    public async Task<PeerLocateResponse> LocateAsync(ParseResult parsed, NetworkClient network, string file, CancellationToken cancellationToken)
    {
        var mode = parsed.GetValue(Mode) ?? "auto";
        if (parsed.GetValue(Via) is not { } via)
        {
            if (mode is not ("auto" or "maestro"))
            {
                throw new CliException(ExitCodes.BadArguments, $"--mode {mode} asks a peer: give one with --via PEER.");
            }
            var located = await network.LocateAsync(file, cancellationToken);
            return new PeerLocateResponse(file, "maestro", located.Peers, ["maestro"], [], System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? "");
        }
        var peer = await network.ResolvePeerAsync(via, cancellationToken);
        return await network.LocateViaAsync(peer, file, mode, cancellationToken);
    }

    private static Option<string> CreateMode()
    {
        var mode = new Option<string>("--mode")
        {
            Description = "How the peer given with --via looks: auto (itself, friends, then the Maestro), local, friends or maestro",
            DefaultValueFactory = _ => "auto",
        };
        mode.AcceptOnlyFromAmong(Modes);
        return mode;
    }
}
