namespace P2P.Transfer.Sources;

/// <summary>One source of a download: how much it delivered, and whether it is still used.</summary>
public sealed record SourceStatus(string Id, string GrpcUrl, SourceState State, int Chunks, long Bytes, string? Error);
