using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace P2P.Transfer;

/// <summary>
/// Computes the whole-file SHA-256 while the download runs: chunks arrive out of order, so it follows the
/// contiguous verified prefix, reading each chunk back from the partial file (the page cache, in practice) as the
/// prefix grows. The final check then costs almost nothing after the last chunk lands.
/// </summary>
public sealed class PrefixHasher(PartialDownload partial)
{
    private readonly Channel<int> _ready = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    public void ChunkReady(int chunk) => _ready.Writer.TryWrite(chunk);

    /// <summary>Runs until every chunk has been hashed; returns the lower-case hex SHA-256 of the whole file.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var manifest = partial.Manifest;
        var ready = new bool[manifest.ChunkCount];
        var next = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, manifest.ChunkSize));
        try
        {
            while (next < ready.Length)
            {
                ready[await _ready.Reader.ReadAsync(cancellationToken)] = true;
                while (next < ready.Length && ready[next])
                {
                    await partial.ReadAsync(next, buffer, cancellationToken);
                    hash.AppendData(buffer, 0, manifest.LengthOf(next));
                    next++;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
