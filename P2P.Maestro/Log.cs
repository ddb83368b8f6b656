namespace P2P.Maestro;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Peer {PeerId} registered with {FileCount} files (replacing a previous entry: {Replaced})")]
    public static partial void PeerRegistered(this ILogger logger, string peerId, int fileCount, bool replaced);

    [LoggerMessage(2, LogLevel.Information, "Heartbeat from unknown peer {PeerId}; it is told to register again")]
    public static partial void HeartbeatFromUnknownPeer(this ILogger logger, string peerId);

    [LoggerMessage(3, LogLevel.Information, "Peer {PeerId} deregistered")]
    public static partial void PeerDeregistered(this ILogger logger, string peerId);

    [LoggerMessage(4, LogLevel.Warning, "Peer {PeerId} expired after {TtlSeconds} s without a heartbeat")]
    public static partial void PeerExpired(this ILogger logger, string peerId, int ttlSeconds);

    [LoggerMessage(5, LogLevel.Warning, "Refused a registration of {PeerId}: a live entry of that id belongs to another registrant")]
    public static partial void RegistrationRefused(this ILogger logger, string peerId);

    [LoggerMessage(6, LogLevel.Warning, "Refused a change to {PeerId}'s entry: the caller does not hold its lease token")]
    public static partial void ChangeRefused(this ILogger logger, string peerId);

    [LoggerMessage(7, LogLevel.Information, "Peer {PeerId} advertised {RestUrl} and {GrpcUrl}, which other hosts cannot reach; "
        + "recorded {RecordedRestUrl} and {RecordedGrpcUrl}, from the address its registration came from")]
    public static partial void AdvertisedAddressReplaced(
        this ILogger logger, string peerId, string restUrl, string grpcUrl, string recordedRestUrl, string recordedGrpcUrl);

    [LoggerMessage(8, LogLevel.Warning,
        "Peer {PeerId} registered with a new certificate {Fingerprint} (was {PreviousFingerprint}); accepted, as it proved the network key")]
    public static partial void PeerCertificateChanged(this ILogger logger, string peerId, string fingerprint, string previousFingerprint);

    [LoggerMessage(9, LogLevel.Warning, "Forgot all {PeerCount} peers on an operator's request; each registers again at its next heartbeat")]
    public static partial void PeersForgotten(this ILogger logger, int peerCount);

    [LoggerMessage(10, LogLevel.Warning, "Refused a registration of {PeerId} by {Fingerprint}: "
        + "the id is reserved for the certificate {Holder}, which held it within the grace period")]
    public static partial void IdClaimRefused(this ILogger logger, string peerId, string fingerprint, string holder);

    [LoggerMessage(11, LogLevel.Warning, "Refused a registration of {PeerId} by {Fingerprint}: {Reason} (repeats of this warning are throttled)")]
    public static partial void DirectoryBoundRefused(this ILogger logger, string peerId, string fingerprint, string reason);

    [LoggerMessage(12, LogLevel.Error, "Could not save the id reservations to {Path}: {Reason}; kept in memory and tried again at the next sweep")]
    public static partial void IdClaimsNotSaved(this ILogger logger, string path, string reason);
}
