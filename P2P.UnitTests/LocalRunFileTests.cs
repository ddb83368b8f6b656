using P2P.Cli;
using P2P.Cli.Network;
using P2P.Contracts.Security;

namespace P2P.Tests.Unit;

/// <summary>Issue 29 item 5: the AppHost's run file is used only when it is owner-only, small, well-formed and from a live run.</summary>
public sealed class LocalRunFileTests : IDisposable
{
    private const string Key = "0123456789abcdef0123456789abcdef";
    private readonly TempFolder _temp = new();

    private string Path => LocalRun.PathIn(_temp.Path);

    private static LocalRun Live => new(LocalRun.CurrentVersion, "run-1", Environment.ProcessId, "http://localhost:9000", Key, "token-0123456789abcdef");

    [Fact]
    public void Issue29Item5_a_file_the_apphost_writes_is_read_back()
    {
        StateFile.Write(Path, Live.ToBytes());

        Assert.Equal(Live, LocalRunFile.Read(Path));
    }

    [Fact]
    public void Issue29Item5_no_file_is_no_run() => Assert.Null(LocalRunFile.Read(Path));

    [Fact]
    public void Issue29Item5_a_file_others_can_read_is_refused()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows has no Unix permissions.");
        StateFile.Write(Path, Live.ToBytes());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var refused = Assert.Throws<CliException>(() => LocalRunFile.Read(Path));
        Assert.Contains("644", refused.Message);
        Assert.Equal(ExitCodes.Unauthenticated, refused.ExitCode);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"version":2,"run_id":"r","process_id":1,"maestro_url":"http://m:1","network_key":"0123456789abcdef","control_token":"0123456789abcdef"}""")]
    [InlineData("""{"version":1,"run_id":"r","process_id":1,"maestro_url":"http://m:1","network_key":"short","control_token":"0123456789abcdef"}""")]
    [InlineData("""
        {"version":1,"run_id":"r","process_id":1,"maestro_url":"file:///etc",
        "network_key":"0123456789abcdef","control_token":"0123456789abcdef"}
        """)]
    [InlineData("""
        {"version":1,"run_id":"r","process_id":1,"maestro_url":"http://m:1",
        "network_key":"0123456789abcdef\n","control_token":"0123456789abcdef"}
        """)]
    public void Issue29Item5_malformed_content_is_refused_without_echoing_it(string content)
    {
        StateFile.Write(Path, System.Text.Encoding.UTF8.GetBytes(content));

        var refused = Assert.Throws<CliException>(() => LocalRunFile.Read(Path));
        Assert.DoesNotContain("0123456789abcdef", refused.Message);
    }

    [Fact]
    public void Issue29Item5_an_oversized_file_is_refused_before_it_is_parsed()
    {
        StateFile.Write(Path, new byte[LocalRun.MaxBytes + 1]);

        Assert.Contains("over", Assert.Throws<CliException>(() => LocalRunFile.Read(Path)).Message);
    }

    [Fact]
    public void Issue29Item5_a_run_whose_apphost_stopped_is_stale()
    {
        StateFile.Write(Path, (Live with { ProcessId = int.MaxValue }).ToBytes());

        Assert.Contains("has stopped", Assert.Throws<CliException>(() => LocalRunFile.Read(Path)).Message);
    }

    [Fact]
    public void Issue29Item5_get_without_a_key_says_where_the_apphost_would_leave_it()
    {
        var context = new CliContext(new CliConsole(TextWriter.Null, TextWriter.Null, isTerminal: false),
            name => name == LocalRun.StateFolderVariable ? _temp.Path : null, new HttpClient());
        var parsed = CliApp.CreateRoot(context).Parse(["get", "a.txt"]);

        Assert.Contains(Path, Assert.Throws<CliException>(() => context.Credentials(parsed)).Message);
        StateFile.Write(Path, Live.ToBytes());
        Assert.Equal(Key, context.Credentials(parsed).NetworkKey);
    }

    public void Dispose() => _temp.Dispose();
}
