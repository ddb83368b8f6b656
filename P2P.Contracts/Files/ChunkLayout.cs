namespace P2P.Contracts.Files;

/// <summary>
/// How a file is cut into verifiable chunks: fixed-size parts (the last one shorter), each with its own SHA-256,
/// as BitTorrent's pieces are. One size network-wide, so every source's manifest of a file version is the same.
/// </summary>
public static class ChunkLayout
{
    /// <summary>1 MiB: a resume loses at most this much per interrupted chunk, and a 1 GiB file has 1,024 hashes (32 KiB).</summary>
    public const int ChunkSize = 1 << 20;

    public const int HashSize = 32;

    public static int ChunkCount(long fileSize, int chunkSize = ChunkSize) =>
        fileSize == 0 ? 0 : checked((int)((fileSize + chunkSize - 1) / chunkSize));

    public static long OffsetOf(int chunk, int chunkSize = ChunkSize) => (long)chunk * chunkSize;

    public static int LengthOf(int chunk, long fileSize, int chunkSize = ChunkSize) =>
        (int)Math.Min(chunkSize, fileSize - OffsetOf(chunk, chunkSize));
}
