using P2P.Transfer.Storage;

namespace P2P.Tests.Unit;

/// <summary>The one way files reach a shared or destination folder: never over another file, even a racing one.</summary>
public sealed class NoReplaceMoveTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void A_file_is_moved_to_a_free_name()
    {
        var source = _temp.Write("staged.part", "new");
        var destination = Path.Combine(_temp.Path, "a.txt");

        NoReplaceMove.Move(source, destination);

        Assert.False(File.Exists(source));
        Assert.Equal("new", File.ReadAllText(destination));
    }

    [Fact]
    public void A_move_onto_an_existing_file_fails_and_leaves_both_files_as_they_were()
    {
        var source = _temp.Write("staged.part", "new");
        var destination = _temp.Write("a.txt", "old");

        var error = Assert.Throws<TargetExistsException>(() => NoReplaceMove.Move(source, destination));

        Assert.Equal(destination, error.Destination);
        Assert.Equal("new", File.ReadAllText(source));
        Assert.Equal("old", File.ReadAllText(destination));
    }

    [Fact]
    public async Task Of_many_concurrent_moves_to_one_name_exactly_one_wins_and_no_content_is_lost()
    {
        const int Movers = 32;
        var sources = Enumerable.Range(0, Movers).Select(i => _temp.Write($"staged-{i}.part", $"content {i}")).ToArray();
        var destination = Path.Combine(_temp.Path, "contested.txt");
        using var start = new Barrier(Movers);

        var outcomes = await Task.WhenAll(sources.Select(source => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            try
            {
                NoReplaceMove.Move(source, destination);
                return true;
            }
            catch (TargetExistsException)
            {
                return false;
            }
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        var winner = Assert.Single(Enumerable.Range(0, Movers), i => outcomes[i]);
        Assert.Equal($"content {winner}", File.ReadAllText(destination));
        Assert.All(Enumerable.Range(0, Movers).Where(i => i != winner), i => Assert.Equal($"content {i}", File.ReadAllText(sources[i])));
    }

    [Fact]
    public void A_missing_source_is_not_found_and_creates_nothing()
    {
        var destination = Path.Combine(_temp.Path, "a.txt");

        Assert.Throws<FileNotFoundException>(() => NoReplaceMove.Move(Path.Combine(_temp.Path, "gone.part"), destination));

        Assert.False(File.Exists(destination));
    }

    [Fact]
    public void Flushing_a_real_folder_succeeds_and_a_missing_one_is_an_error()
    {
        NoReplaceMove.FlushDirectory(_temp.Path);

        if (OperatingSystem.IsLinux())
        {
            Assert.Throws<FileNotFoundException>(() => NoReplaceMove.FlushDirectory(Path.Combine(_temp.Path, "missing")));
        }
    }

    public void Dispose() => _temp.Dispose();
}
