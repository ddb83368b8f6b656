using Microsoft.Extensions.Logging;

namespace P2P.Connections;

/// <summary>The connections' messages; ids from 100, clear of the engine's own, since the two log into one process.</summary>
internal static partial class ConnectionsLog
{
    [LoggerMessage(100, LogLevel.Warning,
        "Refused the server at {Server}: it presented certificate {Presented}, but {Required} is the one it {Why}; nothing was sent to it")]
    public static partial void ServerCertificateRefused(this ILogger logger, string server, string presented, string required, string why);
}
