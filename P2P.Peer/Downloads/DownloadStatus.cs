using P2P.Transfer.Sources;

namespace P2P.Peer.Downloads;

/// <summary>A download as <c>GET /downloads/{id}</c> shows it.</summary>
public sealed record DownloadStatus(
    string Id,
    string File,
    DownloadState State,
    long BytesDone,
    long BytesTotal,
    long BytesResumed,
    double RateBytesPerSecond,
    string? Sha256,
    IReadOnlyList<SourceStatus> Sources,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);
