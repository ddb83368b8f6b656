namespace P2P.Transfer.Sources;

/// <summary>A peer a download may take chunks from: the name it reports under, and where its gRPC endpoint is.</summary>
public sealed record SourceAddress(string Id, string GrpcUrl)
{
    /// <summary>A source known only by its address (given by the user), which is then its name too.</summary>
    public static SourceAddress At(string grpcUrl) => new(grpcUrl, grpcUrl);
}
