using P2P.Contracts.Maestro;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Peers;

/// <summary>A peer's <c>GET /info</c>, as in the seed: its id, addresses and files, and its certificate's fingerprint (its identity).</summary>
public sealed record PeerInfo(string Id, string RestUrl, string GrpcUrl, int GrpcPort, string Fingerprint, IReadOnlyList<SharedFileEntry> Files)
    : IRemoteAnswer<PeerInfo>
{
    public PeerInfo Checked(ICollection<string> dropped)
    {
        if ((WireRules.PeerProblem(Id, RestUrl, GrpcUrl) ?? WireRules.FingerprintProblem(Fingerprint)) is { } problem)
        {
            throw new InvalidDataException(problem);
        }
        WireRules.Require(GrpcPort is >= 0 and <= 65_535, "grpc_port", "must be 0 to 65535.");
        return this with { Files = WireRules.Entries(Files, WireRules.MaxListedFiles, "files", dropped) };
    }
}
