using Microsoft.Extensions.Logging;

namespace P2P.Hosting.Security;

internal static partial class SecurityLog
{
    [LoggerMessage(1, LogLevel.Warning, "Refused {Method} {Route} from {RemoteAddress}: {Reason}")]
    public static partial void ControlRequestRefused(this ILogger logger, string method, string route, string remoteAddress, string reason);
}
