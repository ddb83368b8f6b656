namespace P2P.Peer.Ui;

/// <summary>The web UI's log messages.</summary>
public static partial class UiLog
{
    [LoggerMessage(2901, LogLevel.Information, "Removed '{FileName}' from the shared folder at the web UI's request")]
    public static partial void UiFileRemoved(this ILogger logger, string fileName);
}
