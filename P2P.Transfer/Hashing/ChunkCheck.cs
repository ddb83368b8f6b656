using System.Security.Cryptography;

namespace P2P.Transfer.Hashing;

/// <summary>
/// Whether a chunk's bytes are the ones the manifest names: the one check every chunk passes before it counts, whether
/// a source just sent it or a resumed download finds it on the disk.
/// </summary>
public static class ChunkCheck
{
    /// <summary>True when <paramref name="data"/> is exactly chunk <paramref name="chunk"/> of <paramref name="manifest"/>.</summary>
    public static bool Matches(DownloadManifest manifest, int chunk, ReadOnlySpan<byte> data)
    {
        if (data.Length != manifest.LengthOf(chunk))
        {
            return false;
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return hash.SequenceEqual(manifest.HashOf(chunk));
    }
}
