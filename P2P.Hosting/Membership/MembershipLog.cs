using Microsoft.Extensions.Logging;

namespace P2P.Hosting.Membership;

internal static partial class MembershipLog
{
    [LoggerMessage(2, LogLevel.Warning,
        "Refused the membership proof of certificate {Fingerprint} from {RemoteAddress}: {Reason} ({Held} more refused since the last warning)")]
    public static partial void MembershipRefused(this ILogger logger, string fingerprint, string remoteAddress, string reason, int held);
}
