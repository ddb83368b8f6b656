using P2P.Contracts.Remote;

namespace P2P.Contracts.Maestro;

/// <summary>
/// A peer that holds a file, with the size and hash of its copy and the fingerprint of its certificate (as the
/// Maestro saw it on the TLS session that registered it): a downloader refuses a source that shows another.
/// </summary>
public sealed record FileLocation(string Id, string RestUrl, string GrpcUrl, long Size, string Sha256, string Fingerprint) : IRemoteNodeEntry
{
    // Read from the Maestro or a friend, its URLs become gRPC channels: nothing but http(s) gets that far.
    public string? Validate() => WireRules.PeerProblem(Id, RestUrl, GrpcUrl) ?? WireRules.FileProblem(Size, Sha256) ?? WireRules.FingerprintProblem(Fingerprint);
}
