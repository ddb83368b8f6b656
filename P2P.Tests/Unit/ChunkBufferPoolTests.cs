using P2P.Transfer;

namespace P2P.Tests.Unit;

public sealed class ChunkBufferPoolTests
{
    private const int ChunkSize = DownloadManifest.MinChunkSize;
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_returned_buffer_is_lent_again_and_no_more_than_the_capacity_is_out_at_once()
    {
        var pool = new ChunkBufferPool(2, ChunkSize);
        var first = await pool.RentAsync(_token);
        await pool.RentAsync(_token);
        var third = pool.RentAsync(_token);

        Assert.False(third.IsCompleted);
        pool.Return(first);
        Assert.Same(first, await third.AsTask().WaitAsync(TimeSpan.FromSeconds(10), _token));
    }

    [Fact]
    public async Task A_closed_pool_keeps_no_buffer_so_a_finished_download_holds_no_file_data()
    {
        var pool = new ChunkBufferPool(2, ChunkSize);
        var lent = await pool.RentAsync(_token);
        var kept = await pool.RentAsync(_token);
        pool.Return(kept);

        pool.Close();
        pool.Return(lent);

        Assert.NotSame(kept, await pool.RentAsync(_token));
        Assert.NotSame(lent, await pool.RentAsync(_token));
    }
}
