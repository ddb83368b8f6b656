using P2P.Transfer;
using P2P.Transfer.Buffers;

namespace P2P.Tests.Unit;

public sealed class ChunkBufferPoolTests
{
    private const int ChunkSize = DownloadManifest.MinChunkSize;
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_returned_buffer_is_lent_again_and_no_more_than_the_capacity_is_out_at_once()
    {
        var pool = new ChunkBufferPool(2, ChunkSize, new ChunkBufferCache(ChunkSize, 0));
        var first = await pool.RentAsync(_token);
        await pool.RentAsync(_token);
        var third = pool.RentAsync(_token);

        Assert.False(third.IsCompleted);
        pool.Return(first);
        Assert.Same(first, await third.AsTask().WaitAsync(TimeSpan.FromSeconds(10), _token));
    }

    [Fact]
    public async Task A_closed_pool_gives_its_buffers_to_the_cache_and_the_next_download_reuses_them()
    {
        var cache = new ChunkBufferCache(ChunkSize, 4);
        var finished = new ChunkBufferPool(2, ChunkSize, cache);
        var lent = await finished.RentAsync(_token);
        var kept = await finished.RentAsync(_token);
        finished.Return(kept);

        finished.Close();
        finished.Return(lent);

        var next = new ChunkBufferPool(2, ChunkSize, cache);
        Assert.Equal(
            new HashSet<ChunkBuffer>([kept, lent], ReferenceEqualityComparer.Instance),
            new HashSet<ChunkBuffer>([await next.RentAsync(_token), await next.RentAsync(_token)], ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public void The_cache_keeps_no_more_than_its_capacity_and_only_buffers_of_its_chunk_size()
    {
        var cache = new ChunkBufferCache(ChunkSize, 2);
        var buffers = Enumerable.Range(0, 3).Select(_ => new ChunkBuffer(ChunkSize)).ToList();

        buffers.ForEach(cache.Keep);
        cache.Keep(new ChunkBuffer(2 * ChunkSize));

        Assert.NotNull(cache.TryTake(ChunkSize));
        Assert.NotNull(cache.TryTake(ChunkSize));
        Assert.Null(cache.TryTake(ChunkSize));
        Assert.Null(cache.TryTake(2 * ChunkSize));
    }
}
