using Grpc.Core;

namespace P2P.Peer.Grpc;

internal static partial class GrpcLog
{
    [LoggerMessage(16, LogLevel.Debug, "Served '{FileName}' bytes [{Offset}, +{Length}) to {Peer}")]
    public static partial void DownloadServed(this ILogger logger, string fileName, long offset, long length, string peer);

    [LoggerMessage(17, LogLevel.Information, "Accepted an upload of '{FileName}' ({Size} bytes, sha256 {Sha256}) from {Peer}")]
    public static partial void UploadAccepted(this ILogger logger, string fileName, long size, string sha256, string peer);

    [LoggerMessage(18, LogLevel.Information, "Upload of '{FileName}' (sha256 {Sha256}) skipped: that version is already shared")]
    public static partial void UploadAlreadyShared(this ILogger logger, string fileName, string sha256);

    [LoggerMessage(19, LogLevel.Warning, "Refused an upload of '{FileName}': {StatusCode} {Reason}")]
    public static partial void UploadRefused(this ILogger logger, string fileName, StatusCode statusCode, string reason);

    [LoggerMessage(27, LogLevel.Warning, "Refused {Method} from {Peer}: {Reason}")]
    public static partial void TransferRefused(this ILogger logger, string method, string peer, string reason);

    [LoggerMessage(30, LogLevel.Debug, "Served '{FileName}' to {Peer}: {Ranges} ranges, {Bytes} bytes in one Fetch call")]
    public static partial void FetchServed(this ILogger logger, string fileName, int ranges, long bytes, string peer);
}
