using P2P.Contracts.Remote;

namespace P2P.Contracts.Maestro;

/// <summary>A live peer as <c>GET /peers</c> lists it, with the fingerprint of the certificate that registered it.</summary>
public sealed record PeerSummary(string Id, string RestUrl, string GrpcUrl, int FileCount, DateTimeOffset LastSeen, string Fingerprint) : IRemoteNodeEntry
{
    public string? Validate() =>
        WireRules.PeerProblem(Id, RestUrl, GrpcUrl) ?? WireRules.FingerprintProblem(Fingerprint) ?? (FileCount < 0 ? "file_count cannot be negative." : null);
}
