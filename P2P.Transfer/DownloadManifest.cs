using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;

namespace P2P.Transfer;

/// <summary>What a download must produce: the file's name, size, whole hash and the hash of every chunk. Kept beside the partial file for resume.</summary>
public sealed record DownloadManifest(string Id, string File, string Sha256, long Size, int ChunkSize, byte[] ChunkHashes)
{
    public const int MinChunkSize = 16 * 1024;
    public const int MaxChunkSize = 16 * 1024 * 1024;

    public int ChunkCount => ChunkLayout.ChunkCount(Size, ChunkSize);

    public long OffsetOf(int chunk) => ChunkLayout.OffsetOf(chunk, ChunkSize);

    public int LengthOf(int chunk) => ChunkLayout.LengthOf(chunk, Size, ChunkSize);

    /// <summary>The offset just past the last byte of <paramref name="run"/>.</summary>
    public long EndOf(ChunkRun run) => OffsetOf(run.End - 1) + LengthOf(run.End - 1);

    public ReadOnlySpan<byte> HashOf(int chunk) => ChunkHashes.AsSpan(chunk * ChunkLayout.HashSize, ChunkLayout.HashSize);

    public bool SameContentAs(DownloadManifest other) =>
        Sha256 == other.Sha256 && Size == other.Size && ChunkSize == other.ChunkSize && ChunkHashes.AsSpan().SequenceEqual(other.ChunkHashes);

    /// <summary>Checks a source's manifest for internal consistency; returns why it is unusable, or null.</summary>
    public static string? Check(FileManifest manifest, string file)
    {
        if (manifest.FileName != file || manifest.Sha256.Length != 64)
        {
            return $"the source describes '{manifest.FileName}' ({manifest.Sha256}), not '{file}'";
        }
        if (manifest.Size < 0 || manifest.ChunkSize is < MinChunkSize or > MaxChunkSize)
        {
            return $"size {manifest.Size} or chunk size {manifest.ChunkSize} is out of range";
        }
        var expected = ChunkLayout.ChunkCount(manifest.Size, manifest.ChunkSize);
        if (manifest.ChunkSha256.Count != expected || manifest.ChunkSha256.Any(h => h.Length != ChunkLayout.HashSize))
        {
            return $"it lists {manifest.ChunkSha256.Count} chunk hashes where {expected} of {ChunkLayout.HashSize} bytes are due";
        }
        return null;
    }

    public static DownloadManifest From(string id, FileManifest manifest)
    {
        var hashes = new byte[manifest.ChunkSha256.Count * ChunkLayout.HashSize];
        for (var i = 0; i < manifest.ChunkSha256.Count; i++)
        {
            manifest.ChunkSha256[i].Span.CopyTo(hashes.AsSpan(i * ChunkLayout.HashSize));
        }
        return new DownloadManifest(id, manifest.FileName, manifest.Sha256, manifest.Size, manifest.ChunkSize, hashes);
    }

    public bool Matches(FileManifest manifest) =>
        manifest.Sha256 == Sha256 && manifest.Size == Size && manifest.ChunkSize == ChunkSize
        && manifest.ChunkSha256.Select((h, i) => h.Span.SequenceEqual(HashOf(i))).All(same => same)
        && manifest.ChunkSha256.Count == ChunkCount;
}
