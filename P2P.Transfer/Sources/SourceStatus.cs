namespace P2P.Transfer.Sources;

/// <summary>One source of a download: how much it delivered, whether it is still used, and whether it holds the whole file.</summary>
public sealed record SourceStatus(string Id, string GrpcUrl, SourceState State, int Chunks, long Bytes, string? Error, SourceKind Kind = SourceKind.Complete);
