using System.Text.Json;
using P2P.Contracts.Files;
using P2P.Transfer.Hashing;

namespace P2P.Peer.Files;

/// <summary>
/// Hashes already computed, keyed by name and checked against size and modification time, kept on disk in the
/// shared folder's state folder so that a restart does not rehash unchanged files.
/// </summary>
public sealed class HashCache
{
    private const string FileName = "hashes.json";

    private readonly string _path;
    private Dictionary<string, CachedHash> _entries;
    private bool _dirty;

    public HashCache(string stateDirectory)
    {
        _path = Path.Combine(stateDirectory, FileName);
        _entries = Load(_path);
    }

    public int Count => _entries.Count;

    public bool TryGet(string name, long size, DateTimeOffset lastWriteUtc, out FileDigest digest)
    {
        if (_entries.TryGetValue(name, out var entry) && entry.Size == size && entry.LastWriteUtcTicks == lastWriteUtc.UtcTicks
            && entry.ChunkSize == ChunkLayout.ChunkSize && entry.ChunkHashes?.Length == ChunkLayout.ChunkCount(size) * ChunkLayout.HashSize)
        {
            digest = new FileDigest(size, entry.Sha256, entry.ChunkHashes);
            return true;
        }
        digest = null!;
        return false;
    }

    /// <summary>Records a digest already known (a verified download or upload) so the next scan does not hash the file again.</summary>
    public void Remember(string name, DateTimeOffset lastWriteUtc, FileDigest digest)
    {
        _entries[name] = new CachedHash(digest.Size, lastWriteUtc.UtcTicks, digest.Sha256, ChunkLayout.ChunkSize, digest.ChunkHashes);
        _dirty = true;
    }

    /// <summary>Replaces the cache with the files of the latest scan and writes it atomically (temp file, then rename).</summary>
    public async Task SaveAsync(IEnumerable<SharedFile> files, CancellationToken cancellationToken)
    {
        var entries = files.ToDictionary(
            f => f.Name, f => new CachedHash(f.Size, f.LastWriteUtc.UtcTicks, f.Sha256, ChunkLayout.ChunkSize, f.ChunkHashes), StringComparer.Ordinal);
        if (!_dirty && entries.Count == _entries.Count && entries.All(e => _entries.TryGetValue(e.Key, out var old) && old.SameAs(e.Value)))
        {
            return;
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        try
        {
            await using (var stream = File.Create(temp))
            {
                await JsonSerializer.SerializeAsync(stream, entries, cancellationToken: cancellationToken);
            }
            File.Move(temp, _path, overwrite: true);
        }
        catch
        {
            // A half-written cache (a full disk) is never left behind to take space.
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
            throw;
        }
        _entries = entries;
        _dirty = false;
    }

    private static Dictionary<string, CachedHash> Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<Dictionary<string, CachedHash>>(stream) is { } loaded
                ? new Dictionary<string, CachedHash>(loaded, StringComparer.Ordinal)
                : new(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // A missing or damaged cache only costs a rehash.
            return new(StringComparer.Ordinal);
        }
    }

    private sealed record CachedHash(long Size, long LastWriteUtcTicks, string Sha256, int ChunkSize, byte[]? ChunkHashes)
    {
        public bool SameAs(CachedHash other) =>
            Size == other.Size && LastWriteUtcTicks == other.LastWriteUtcTicks && Sha256 == other.Sha256 && ChunkSize == other.ChunkSize;
    }
}
