namespace P2P.Transfer.Hashing;

/// <summary>Where the whole-file hash reads back a verified chunk it no longer holds in memory: the download's partial file.</summary>
public interface IChunkReader
{
    DownloadManifest Manifest { get; }

    /// <summary>Reads chunk <paramref name="chunk"/> into the start of <paramref name="buffer"/>.</summary>
    Task ReadAsync(int chunk, Memory<byte> buffer, CancellationToken cancellationToken);
}
