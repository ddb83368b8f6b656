using P2P.Transfer;
using P2P.Transfer.Planning;
using P2P.Transfer.Sources;

namespace P2P.Tests.Unit;

public sealed class AskedRunsTests
{
    private const int ChunkSize = DownloadManifest.MinChunkSize;

    // Ten chunks, the last one half as long.
    private static readonly DownloadManifest s_manifest =
        new("id", "f.bin", new string('a', 64), 9L * ChunkSize + ChunkSize / 2, ChunkSize, new byte[10 * 32]);

    [Fact]
    public void The_cursor_starts_at_the_first_run_asked_and_moves_with_the_bytes_accepted()
    {
        var asked = new AskedRuns(s_manifest);
        asked.Add(new ChunkRun(4, 2));
        asked.Add(new ChunkRun(8, 2));

        Assert.Equal((4, 4L * ChunkSize), (asked.Chunk, asked.Position));
        Assert.Null(asked.Accept(4L * ChunkSize, 100));
        Assert.Equal(4L * ChunkSize + 100, asked.Position);
    }

    [Theory]
    [InlineData(0L, 100)]                        // before the cursor
    [InlineData(4L * ChunkSize + 1, 100)]        // after it
    [InlineData(4L * ChunkSize, 2 * ChunkSize + 1)] // past the run's end, into bytes not asked for yet
    public void Bytes_anywhere_but_at_the_cursor_within_the_oldest_run_are_refused_and_the_cursor_stays(long offset, int length)
    {
        var asked = new AskedRuns(s_manifest);
        asked.Add(new ChunkRun(4, 2));
        asked.Add(new ChunkRun(6, 2));

        Assert.Contains($"outside the range [{4L * ChunkSize}, {6L * ChunkSize})", asked.Accept(offset, length));
        Assert.Equal((4, 4L * ChunkSize), (asked.Chunk, asked.Position));
    }

    [Fact]
    public void The_last_chunk_of_a_run_moves_the_cursor_to_the_start_of_the_next_run_asked()
    {
        var asked = new AskedRuns(s_manifest);
        asked.Add(new ChunkRun(0, 2));
        asked.Add(new ChunkRun(8, 2));

        Assert.Null(asked.Accept(0, 2 * ChunkSize));
        asked.ChunkDone();
        Assert.Equal((1, 2), (asked.Chunk, asked.Count));
        asked.ChunkDone();

        Assert.Equal((8, 8L * ChunkSize, 1, new ChunkRun(8, 2)), (asked.Chunk, asked.Position, asked.Count, asked.Oldest));
        // The file's last chunk is shorter: a run ending there ends at the file's end.
        Assert.Null(asked.Accept(8L * ChunkSize, ChunkSize + ChunkSize / 2));
        asked.ChunkDone();
        asked.ChunkDone();
        Assert.Equal(0, asked.Count);
    }

    [Fact]
    public void What_was_not_delivered_is_the_oldest_run_from_the_cursor_and_every_later_run_whole()
    {
        var asked = new AskedRuns(s_manifest);
        asked.Add(new ChunkRun(2, 3));
        asked.Add(new ChunkRun(7, 2));
        Assert.Null(asked.Accept(2L * ChunkSize, ChunkSize + 10));
        asked.ChunkDone();

        Assert.Equal([3, 4, 7, 8], asked.Undelivered());
        Assert.Empty(new AskedRuns(s_manifest).Undelivered());
    }
}
