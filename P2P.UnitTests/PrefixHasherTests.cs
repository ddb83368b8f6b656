using System.Security.Cryptography;
using P2P.Contracts.Files;
using P2P.Transfer;
using P2P.Transfer.Buffers;
using P2P.Transfer.Hashing;
using P2P.Transfer.Storage;

namespace P2P.Tests.Unit;

public sealed class PrefixHasherTests : IDisposable
{
    private const int ChunkSize = DownloadManifest.MinChunkSize;
    private const int Chunks = 12;

    private readonly TransferTestPeer _peer = new();
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    // Eleven and a half chunks: the last one is short, so it takes the buffered write path.
    private readonly byte[] _content = RandomNumberGenerator.GetBytes((Chunks - 1) * ChunkSize + ChunkSize / 2);

    [Theory]
    [InlineData(8)]
    [InlineData(2)]
    [InlineData(0)]
    public async Task Chunks_in_any_order_hash_to_the_whole_file_and_every_buffer_comes_back(int parkLimit)
    {
        // A park limit of 0 sends every chunk ahead of the prefix back to the disk to be read again.
        var (partial, _) = await PartialDownload.OpenAsync(_peer.Target, ManifestOf("out-of-order"), TimeProvider.System, static () => { }, _token);
        using (partial)
        {
            var pool = new ChunkBufferPool(Chunks, ChunkSize, new ChunkBufferCache(ChunkSize, 0));
            var hasher = new PrefixHasher(partial, pool, parkLimit);
            var hashing = hasher.RunAsync(_token);

            foreach (var chunk in new[] { 5, 1, 11, 0, 3, 2, 4, 10, 9, 8, 7, 6 })
            {
                var buffer = await pool.RentAsync(_token);
                await WriteChunkAsync(partial, chunk, buffer);
                hasher.ChunkReady(chunk, buffer);
            }

            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_content)), await hashing.WaitAsync(TimeSpan.FromSeconds(10), _token));
            await AssertAllReturnedAsync(pool);
        }
    }

    [Fact]
    public async Task Chunks_a_resumed_download_starts_with_are_read_back_from_the_partial_file()
    {
        var manifest = ManifestOf("resumed");
        var (partial, _) = await PartialDownload.OpenAsync(_peer.Target, manifest, TimeProvider.System, static () => { }, _token);
        using (partial)
        {
            var pool = new ChunkBufferPool(Chunks, ChunkSize, new ChunkBufferCache(ChunkSize, 0));
            var hasher = new PrefixHasher(partial, pool, parkLimit: 4);
            for (var chunk = 0; chunk < Chunks; chunk += 2)
            {
                var buffer = await pool.RentAsync(_token);
                await WriteChunkAsync(partial, chunk, buffer);
                pool.Return(buffer);
                hasher.ChunkReady(chunk);
            }
            var hashing = hasher.RunAsync(_token);

            for (var chunk = 1; chunk < Chunks; chunk += 2)
            {
                var buffer = await pool.RentAsync(_token);
                await WriteChunkAsync(partial, chunk, buffer);
                hasher.ChunkReady(chunk, buffer);
            }

            Assert.Equal(manifest.Sha256, await hashing.WaitAsync(TimeSpan.FromSeconds(10), _token));
            await AssertAllReturnedAsync(pool);
        }
    }

    [Fact]
    public async Task A_stopped_hasher_gives_back_the_buffers_it_held_and_those_handed_to_it_later()
    {
        var (partial, _) = await PartialDownload.OpenAsync(_peer.Target, ManifestOf("stopped"), TimeProvider.System, static () => { }, _token);
        using (partial)
        {
            var pool = new ChunkBufferPool(Chunks, ChunkSize, new ChunkBufferCache(ChunkSize, 0));
            var hasher = new PrefixHasher(partial, pool, parkLimit: 8);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(_token);
            var hashing = hasher.RunAsync(stop.Token);
            for (var chunk = 1; chunk <= 3; chunk++)
            {
                hasher.ChunkReady(chunk, await pool.RentAsync(_token));
            }

            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hashing);
            hasher.ChunkReady(4, await pool.RentAsync(_token));

            await AssertAllReturnedAsync(pool);
        }
    }

    public void Dispose() => _peer.Dispose();

    private async Task WriteChunkAsync(PartialDownload partial, int chunk, ChunkBuffer buffer)
    {
        var length = partial.Manifest.LengthOf(chunk);
        _content.AsSpan((int)partial.Manifest.OffsetOf(chunk), length).CopyTo(buffer.Memory.Span);
        partial.Write(chunk, buffer);
    }

    /// <summary>Every buffer is back when the pool can lend its whole capacity at once.</summary>
    private async Task AssertAllReturnedAsync(ChunkBufferPool pool)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_token);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        for (var i = 0; i < pool.Capacity; i++)
        {
            await pool.RentAsync(timeout.Token);
        }
    }

    private DownloadManifest ManifestOf(string id)
    {
        var hashes = _content.Chunk(ChunkSize).SelectMany(c => SHA256.HashData(c)).ToArray();
        Assert.Equal(Chunks * ChunkLayout.HashSize, hashes.Length);
        return new DownloadManifest(id, "movie.bin", Convert.ToHexStringLower(SHA256.HashData(_content)), _content.Length, ChunkSize, hashes);
    }
}
