namespace P2P.Peer.Maestro;

internal static partial class MaestroLog
{
    [LoggerMessage(2910, LogLevel.Warning, "The Maestro at {MaestroUrl} did not answer ({Reason}); calling {NextUrl}")]
    public static partial void MaestroFailedOver(this ILogger logger, string maestroUrl, string nextUrl, string reason);
}
