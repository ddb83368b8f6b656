namespace P2P.Transfer;

/// <summary>A download that cannot finish, with the reason shown in its status.</summary>
public sealed class DownloadFailedException(string message) : Exception(message);
