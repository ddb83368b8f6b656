using System.Text.Json.Serialization;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Maestro;

/// <summary>
/// A peer that holds a file, with the size and hash of its copy and the fingerprint of its certificate (as the
/// Maestro saw it on the TLS session that registered it): a downloader refuses a source that shows another.
/// <paramref name="Partial"/>: the peer is still downloading that version and lacks <paramref name="Left"/> bytes of it
/// (both left out of the JSON for a complete holder, so readers from before partial holders see what they always did).
/// </summary>
public sealed record FileLocation(
    string Id, string RestUrl, string GrpcUrl, long Size, string Sha256, string Fingerprint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Partial = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Left = null) : IRemoteNodeEntry
{
    // Read from the Maestro or a friend, its URLs become gRPC channels: nothing but http(s) gets that far.
    public string? Validate() =>
        WireRules.PeerProblem(Id, RestUrl, GrpcUrl) ?? WireRules.FileProblem(Size, Sha256) ?? WireRules.FingerprintProblem(Fingerprint) ?? PartialProblem();

    private string? PartialProblem() =>
        Partial ? (Left is null || Left < 0 || Left > Size ? "left must be 0 to size bytes for a partial holder." : null)
        : Left is not null ? "left is for a partial holder only." : null;
}
