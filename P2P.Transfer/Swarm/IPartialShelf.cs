namespace P2P.Transfer.Swarm;

/// <summary>
/// The versions this peer is downloading, as its downloads tell its transfer server: what a partial holder may serve
/// and announce. A download puts its partial on the shelf once its resumed chunks are known, and takes it off (by
/// disposing the entry) before the partial file is published, discarded or left for a later attempt.
/// </summary>
public interface IPartialShelf
{
    /// <param name="partialPath">The staging file the verified chunks are read from.</param>
    /// <param name="verified">Chunks already verified and on disk.</param>
    IPartialEntry Put(DownloadManifest manifest, string partialPath, IReadOnlyCollection<int> verified);
}

/// <summary>One download's place on the shelf.</summary>
public interface IPartialEntry : IDisposable
{
    /// <summary>Chunk <paramref name="chunk"/> has passed its SHA-256 and is on disk: from now on it may be served.</summary>
    void Verified(int chunk);
}
