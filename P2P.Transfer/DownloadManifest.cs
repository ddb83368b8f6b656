using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Transfer.Planning;

namespace P2P.Transfer;

/// <summary>What a download must produce: the file's name, size, whole hash and the hash of every chunk. Kept beside the partial file for resume.</summary>
public sealed record DownloadManifest(string Id, string File, string Sha256, long Size, int ChunkSize, byte[] ChunkHashes)
{
    /// <summary>The smallest chunk the engine's buffers handle; sources must use <see cref="ChunkLayout.ChunkSize"/>.</summary>
    public const int MinChunkSize = 16 * 1024;

    public int ChunkCount => ChunkLayout.ChunkCount(Size, ChunkSize);

    public long OffsetOf(int chunk) => ChunkLayout.OffsetOf(chunk, ChunkSize);

    public int LengthOf(int chunk) => ChunkLayout.LengthOf(chunk, Size, ChunkSize);

    /// <summary>The offset just past the last byte of <paramref name="run"/>.</summary>
    public long EndOf(ChunkRun run) => OffsetOf(run.End - 1) + LengthOf(run.End - 1);

    public ReadOnlySpan<byte> HashOf(int chunk) => ChunkHashes.AsSpan(chunk * ChunkLayout.HashSize, ChunkLayout.HashSize);

    /// <summary>Whether every field is within what this engine makes and accepts: checked again when a manifest is read back from the disk.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsSound =>
        DownloadId.IsValid(Id) && SharedFileName.IsValid(File) && Sha256Text.IsValid(Sha256)
        && Size is >= 0 and <= MaxSize && ChunkSize is >= MinChunkSize and <= ChunkLayout.ChunkSize
        && ChunkHashes is not null && ChunkHashes.Length == (long)ChunkCount * ChunkLayout.HashSize;

    public bool SameContentAs(DownloadManifest other) =>
        Sha256 == other.Sha256 && Size == other.Size && ChunkSize == other.ChunkSize && ChunkHashes.AsSpan().SequenceEqual(other.ChunkHashes);

    /// <summary>
    /// The largest file a manifest may describe: 100 GiB is 102,400 chunk hashes, a manifest of about 3.5 MB, which
    /// still fits the 4 MB gRPC message a peer accepts.
    /// </summary>
    public const long MaxSize = 100L * 1024 * 1024 * 1024;

    /// <summary>
    /// Checks every field of a source's manifest before any of it is used (as a path, an allocation or a loop bound);
    /// returns why it is unusable, or null. The reason never quotes the source's strings, which may be anything.
    /// </summary>
    public static string? Check(FileManifest manifest, string file)
    {
        if (manifest.FileName != file)
        {
            return $"it describes another file than '{file}'";
        }
        if (!Sha256Text.IsValid(manifest.Sha256))
        {
            return $"its sha256 is not {Sha256Text.Length} lower-case hexadecimal digits";
        }
        if (manifest.ChunkSize != ChunkLayout.ChunkSize)
        {
            return $"its chunk size {manifest.ChunkSize} is not the protocol's {ChunkLayout.ChunkSize}";
        }
        if (manifest.Size is < 0 or > MaxSize)
        {
            return $"its size {manifest.Size} is out of range (0 to {MaxSize} bytes)";
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
        && manifest.ChunkSha256.Count == ChunkCount
        && manifest.ChunkSha256.Select((h, i) => h.Span.SequenceEqual(HashOf(i))).All(same => same);
}
