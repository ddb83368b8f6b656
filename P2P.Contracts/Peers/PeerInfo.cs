using P2P.Contracts.Maestro;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Peers;

/// <summary>A peer's <c>GET /info</c>, as in the seed: its id, addresses and files.</summary>
public sealed record PeerInfo(string Id, string RestUrl, string GrpcUrl, int GrpcPort, IReadOnlyList<SharedFileEntry> Files)
    : IRemoteAnswer<PeerInfo>
{
    public PeerInfo Checked(ICollection<string> dropped)
    {
        if (WireRules.PeerProblem(Id, RestUrl, GrpcUrl) is { } problem)
        {
            throw new InvalidDataException(problem);
        }
        WireRules.Require(GrpcPort is >= 0 and <= 65_535, "grpc_port", "must be 0 to 65535.");
        return this with { Files = WireRules.Entries(Files, WireRules.MaxListedFiles, "files", dropped) };
    }
}
