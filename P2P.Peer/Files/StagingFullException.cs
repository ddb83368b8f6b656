namespace P2P.Peer.Files;

/// <summary>A download or upload was refused because the staging folder holds as much as <c>max_staging_bytes</c> allows.</summary>
public sealed class StagingFullException(string message) : IOException(message);
