using System.Buffers;
using System.Security.Cryptography;
using P2P.Contracts.Files;
using P2P.Transfer.Hashing;

namespace P2P.Peer.Files;

/// <summary>
/// Builds a <see cref="FileDigest"/> from bytes fed in order, in parts of any size: the same digest
/// <see cref="FileHasher.DigestAsync"/> gives for the same bytes, without reading them back from disk.
/// </summary>
public sealed class FileDigestBuilder : IDisposable
{
    private readonly IncrementalHash _whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _chunk = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ArrayBufferWriter<byte> _chunkHashes = new();
    private int _chunkFill;

    public long Size { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _whole.AppendData(data);
        Size += data.Length;
        while (!data.IsEmpty)
        {
            // A part may straddle a chunk boundary: the part up to the boundary closes the chunk.
            var take = Math.Min(data.Length, ChunkLayout.ChunkSize - _chunkFill);
            _chunk.AppendData(data[..take]);
            _chunkFill += take;
            data = data[take..];
            if (_chunkFill == ChunkLayout.ChunkSize)
            {
                CloseChunk();
            }
        }
    }

    /// <summary>The digest of everything appended; the builder is spent afterwards.</summary>
    public FileDigest Finish()
    {
        if (_chunkFill > 0)
        {
            CloseChunk();
        }
        return new FileDigest(Size, Convert.ToHexStringLower(_whole.GetHashAndReset()), _chunkHashes.WrittenSpan.ToArray());
    }

    public void Dispose()
    {
        _whole.Dispose();
        _chunk.Dispose();
    }

    private void CloseChunk()
    {
        _chunk.GetHashAndReset(_chunkHashes.GetSpan(ChunkLayout.HashSize));
        _chunkHashes.Advance(ChunkLayout.HashSize);
        _chunkFill = 0;
    }
}
