namespace P2P.Peer.Registration;

internal static partial class RegistrationLog
{
    [LoggerMessage(6, LogLevel.Information, "Registered with the Maestro at {MaestroUrl}: {FileCount} files")]
    public static partial void Registered(this ILogger logger, string maestroUrl, int fileCount);

    [LoggerMessage(7, LogLevel.Warning, "Registration with the Maestro at {MaestroUrl} failed: {Reason}")]
    public static partial void RegistrationFailed(this ILogger logger, string maestroUrl, string reason);

    [LoggerMessage(8, LogLevel.Information, "The Maestro does not know this peer (restarted or expired); registering again")]
    public static partial void MaestroForgotPeer(this ILogger logger);

    [LoggerMessage(9, LogLevel.Warning, "Heartbeat failed: {Reason}")]
    public static partial void HeartbeatFailed(this ILogger logger, string reason);

    [LoggerMessage(10, LogLevel.Information, "Deregistered from the Maestro")]
    public static partial void Deregistered(this ILogger logger);

    [LoggerMessage(11, LogLevel.Warning, "Deregistration failed; the entry will expire: {Reason}")]
    public static partial void DeregistrationFailed(this ILogger logger, string reason);

    [LoggerMessage(52, LogLevel.Error, "The registration loop's round failed unexpectedly; it goes on")]
    public static partial void RegistrationRoundCrashed(this ILogger logger, Exception exception);

    [LoggerMessage(64, LogLevel.Error, "Registering the catalog's change failed unexpectedly; the registration loop goes on")]
    public static partial void ChangeRegistrationCrashed(this ILogger logger, Exception exception);

    [LoggerMessage(65, LogLevel.Warning, "Heartbeats paused by an operator: the Maestro will expire this peer")]
    public static partial void HeartbeatsPaused(this ILogger logger);

    [LoggerMessage(66, LogLevel.Information, "Heartbeats resumed by an operator")]
    public static partial void HeartbeatsResumed(this ILogger logger);
}
