namespace P2P.Transfer.Sources;

/// <summary>
/// A peer a download may take chunks from: the name it reports under, where its gRPC endpoint is, and the fingerprint
/// of the certificate it must show, and the sha256 of the version the directory or a friend recorded for it (both unknown
/// for an address a user gave). <paramref name="Partial"/>: the directory or a friend knows it as still downloading that
/// version (its own availability, read on the wire, is what counts).
/// </summary>
public sealed record SourceAddress(string Id, string GrpcUrl, string? Fingerprint = null, string? Sha256 = null, bool Partial = false)
{
    /// <summary>A source known only by its address (given by the user), which is then its name too.</summary>
    public static SourceAddress At(string grpcUrl) => new(grpcUrl, grpcUrl);
}
