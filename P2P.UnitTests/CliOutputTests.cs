using System.Text.Json;
using Grpc.Core;
using P2P.Cli;
using P2P.Cli.Files;
using P2P.Cli.Get;
using P2P.Cli.Output;
using P2P.Contracts.Maestro;
using P2P.Transfer;
using P2P.Transfer.Sources;

namespace P2P.Tests.Unit;

/// <summary>How the command line shows its answers: units, progress lines, merged listings, JSON, and errors as exit codes.</summary>
public sealed class CliOutputTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(5 * 1024 * 1024 + 512 * 1024, "5.5 MiB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3.0 GiB")]
    public void Sizes_use_binary_units(long bytes, string expected) => Assert.Equal(expected, Units.Bytes(bytes));

    [Fact]
    public void A_plain_progress_line_shows_bytes_percent_rate_and_the_active_sources()
    {
        SourceStatus[] sources =
        [
            new("P1", "http://p1", SourceState.Active, 3, 3 << 20, null),
            new("P2", "http://p2", SourceState.Failed, 0, 0, "Unavailable"),
            new("", "http://fake:5", SourceState.Active, 1, 1 << 20, null),
        ];

        var line = DownloadProgress.PlainLine(3 << 20, 8 << 20, 1.5 * 1024 * 1024, sources);

        Assert.Equal("3.0 MiB of 8.0 MiB (37%) at 1.5 MiB/s from P1, http://fake:5", line);
    }

    [Fact]
    public void Listings_merge_into_one_row_per_version_with_its_peers()
    {
        var merged = LsCommand.Merge(
        [
            ("P2", [new SharedFileEntry("b.txt", 5, "bbb"), new SharedFileEntry("a.txt", 3, "aaa")]),
            ("P1", [new SharedFileEntry("a.txt", 3, "aaa")]),
            ("P3", [new SharedFileEntry("a.txt", 4, "zzz")]),
        ]);

        Assert.Equal(
            [new("a.txt", 3, "aaa", ["P1", "P2"]), new("a.txt", 4, "zzz", ["P3"]), new("b.txt", 5, "bbb", ["P2"])],
            merged,
            new NetworkFileComparer());
    }

    [Fact]
    public void Json_output_uses_the_contracts_snake_case()
    {
        var output = new StringWriter();
        var report = new GetReport("a.txt", "/tmp/a.txt", 10, "abc", AlreadyPresent: false, BytesResumed: 4, ["P1"]);

        new CommandOutput(new CliConsole(output, TextWriter.Null, isTerminal: false), json: true).Write(report, _ => Assert.Fail("not JSON"));

        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(4, json.RootElement.GetProperty("bytes_resumed").GetInt64());
        Assert.False(json.RootElement.GetProperty("already_present").GetBoolean());
        Assert.Equal("P1", json.RootElement.GetProperty("sources")[0].GetString());
    }

    [Fact]
    public void A_resumed_download_says_how_much_came_from_the_earlier_run()
    {
        var line = GetCommand.Describe(new GetReport("a.bin", "/d/a.bin", 3 << 20, "f00", false, 1 << 20, ["P1", "P2"]));

        Assert.Equal("Downloaded a.bin to /d/a.bin (3.0 MiB, sha256 f00 verified) from P1, P2, 1.0 MiB resumed from an earlier run.", line);
    }

    [Fact]
    public void Expected_failures_map_to_distinct_exit_codes_and_bugs_to_none()
    {
        Assert.Equal(ExitCodes.HashMismatch, CliApp.ToFailure(new FileHashMismatchException("bad"))?.Code);
        Assert.Equal(ExitCodes.Failed, CliApp.ToFailure(new DownloadFailedException("no source"))?.Code);
        Assert.Equal(ExitCodes.Unreachable, CliApp.ToFailure(new RpcException(new Status(StatusCode.Unavailable, "gone")))?.Code);
        Assert.Equal(ExitCodes.Unauthenticated, CliApp.ToFailure(new RpcException(new Status(StatusCode.Unauthenticated, "key")))?.Code);
        Assert.Equal(ExitCodes.Conflict, CliApp.ToFailure(new CliException(ExitCodes.Conflict, "exists"))?.Code);
        Assert.Equal(ExitCodes.Cancelled, CliApp.ToFailure(new OperationCanceledException())?.Code);
        Assert.Null(CliApp.ToFailure(new NullReferenceException()));
    }

    private sealed class NetworkFileComparer : IEqualityComparer<NetworkFile>
    {
        public bool Equals(NetworkFile? x, NetworkFile? y) =>
            x is not null && y is not null && x.Name == y.Name && x.Size == y.Size && x.Sha256 == y.Sha256 && x.Peers.SequenceEqual(y.Peers);

        public int GetHashCode(NetworkFile obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
