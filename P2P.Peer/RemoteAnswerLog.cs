namespace P2P.Peer;

internal static partial class RemoteAnswerLog
{
    [LoggerMessage(51, LogLevel.Warning, "Left out an entry of the answer from {Party}: {Reason}")]
    public static partial void AnswerEntryDropped(this ILogger logger, string party, string reason);
}
