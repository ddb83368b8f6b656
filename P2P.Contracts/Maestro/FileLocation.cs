using P2P.Contracts.Remote;

namespace P2P.Contracts.Maestro;

/// <summary>A peer that holds a file, with the size and hash of its copy.</summary>
public sealed record FileLocation(string Id, string RestUrl, string GrpcUrl, long Size, string Sha256) : IRemoteEntry
{
    // Read from the Maestro or a friend, its URLs become gRPC channels: nothing but http(s) gets that far.
    public string? Validate() => WireRules.PeerProblem(Id, RestUrl, GrpcUrl) ?? WireRules.FileProblem(Size, Sha256);
}
