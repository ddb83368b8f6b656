using P2P.Transfer;

namespace P2P.Tests.Unit;

public sealed class StreamShareTests
{
    [Theory]
    [InlineData(4, 1, 4)]
    [InlineData(4, 2, 2)]
    [InlineData(4, 3, 2)]
    [InlineData(4, 8, 1)]
    [InlineData(4, 20, 1)]
    [InlineData(16, 1, 4)]
    [InlineData(2, 1, 2)]
    public void Sources_share_the_streams_the_buffers_allow_each_at_least_one_and_at_most_its_setting(int perSource, int sources, int expected)
    {
        var streams = DownloadContext.StreamsPerSource(perSource, sources);

        Assert.Equal(expected, streams);
        Assert.InRange(streams, 1, perSource);
    }

    [Theory]
    [InlineData(1, DownloadContext.MaxChunksPerRun)]
    [InlineData(2, 2)]
    [InlineData(3, 1)]
    [InlineData(4, 1)]
    public void A_single_stream_asks_for_the_longest_runs_and_several_share_the_parked_buffers(int streams, int expected)
    {
        var chunksPerRun = DownloadContext.ChunksPerRun(streams);

        Assert.Equal(expected, chunksPerRun);
        Assert.True(streams == 1 || streams * DownloadContext.RunsInFlight * chunksPerRun <= DownloadContext.ParkedChunks);
    }
}
