using Microsoft.Extensions.Logging;

namespace P2P.Hosting;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Refused {Method} {Route} from {RemoteAddress}: {Reason}")]
    public static partial void ControlRequestRefused(this ILogger logger, string method, string route, string remoteAddress, string reason);

    [LoggerMessage(2, LogLevel.Warning,
        "Refused the membership proof of certificate {Fingerprint} from {RemoteAddress}: {Reason} ({Held} more refused since the last warning)")]
    public static partial void MembershipRefused(this ILogger logger, string fingerprint, string remoteAddress, string reason, int held);
}
