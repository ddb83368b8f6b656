using System.Buffers;
using System.Security.Cryptography;
using P2P.Contracts.Files;

namespace P2P.Transfer.Hashing;

/// <summary>
/// Streams a file once through SHA-256, producing both the whole-file hash and the hash of every chunk
/// (<see cref="ChunkLayout"/>), without holding more than one chunk in memory.
/// </summary>
public static class FileHasher
{
    public static async Task<FileDigest> DigestAsync(string path, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(
            path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await DigestAsync(handle, cancellationToken);
    }

    /// <summary>Digests the file open as <paramref name="handle"/>, from its start to its current end.</summary>
    public static async Task<FileDigest> DigestAsync(Microsoft.Win32.SafeHandles.SafeFileHandle handle, CancellationToken cancellationToken)
    {
        var size = RandomAccess.GetLength(handle);
        var chunks = ChunkLayout.ChunkCount(size);
        var chunkHashes = new byte[chunks * ChunkLayout.HashSize];
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkLayout.ChunkSize);
        try
        {
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                var length = ChunkLayout.LengthOf(chunk, size);
                var block = buffer.AsMemory(0, length);
                await ReadExactlyAsync(handle, block, ChunkLayout.OffsetOf(chunk), cancellationToken);
                whole.AppendData(block.Span);
                SHA256.HashData(block.Span, chunkHashes.AsSpan(chunk * ChunkLayout.HashSize, ChunkLayout.HashSize));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new FileDigest(size, Convert.ToHexStringLower(whole.GetHashAndReset()), chunkHashes);
    }

    public static async Task ReadExactlyAsync(
        Microsoft.Win32.SafeHandles.SafeFileHandle handle, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer[done..], offset + done, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"The file ended {buffer.Length - done} bytes early (it is being changed).");
            }
            done += read;
        }
    }
}
