using P2P.Cli;
using P2P.Cli.Network;

namespace P2P.Tests.Unit;

/// <summary>The command line's grammar and its answers to bad arguments, with no network behind it.</summary>
public sealed class CliParsingTests
{
    private static readonly CliContext s_context = new(new CliConsole(TextWriter.Null, TextWriter.Null, isTerminal: false), _ => null, new HttpClient());

    [Theory]
    [InlineData("peers")]
    [InlineData("status", "--json")]
    [InlineData("ls")]
    [InlineData("ls", "P1", "--json")]
    [InlineData("locate", "a.txt", "--mode", "friends", "--via", "P1")]
    [InlineData("get", "a.txt", "--to", "out", "--source", "http://h:1", "--source", "http://h:2")]
    [InlineData("put", "a.txt", "--peer", "P2", "--key-file", "k.txt")]
    [InlineData("put", "a.txt", "--peer", "P2", "--key-file", "-")]
    [InlineData("--maestro", "http://m:9000", "peers")]
    [InlineData("peers", "--maestro", "http://m:9000")]
    public void Valid_command_lines_parse_without_errors(params string[] args) =>
        Assert.Empty(CliApp.CreateRoot(s_context).Parse(args).Errors);

    [Fact]
    public void Issue26Item8_the_key_itself_is_never_taken_on_the_command_line_where_ps_shows_it() =>
        Assert.Contains(
            CliApp.CreateRoot(s_context).Parse(["put", "a.txt", "--peer", "P2", "--key", "k"]).Errors,
            e => e.Message.Contains("Unrecognized command or argument '--key'", StringComparison.Ordinal));

    [Theory]
    [InlineData("Required command was not provided")]
    [InlineData("Unrecognized command or argument 'fetch'", "fetch", "a.txt")]
    [InlineData("Required argument missing for command: 'get'", "get")]
    [InlineData("Unrecognized command or argument 'P2'", "ls", "P1", "P2")]
    [InlineData("Argument 'everywhere' not recognized", "locate", "a.txt", "--mode", "everywhere")]
    [InlineData("Option '--peer' is required", "put", "a.txt")]
    [InlineData("Unrecognized command or argument '--colour'", "peers", "--colour")]
    public void Invalid_command_lines_have_the_parse_error_that_says_why(string expected, params string[] args) =>
        Assert.Contains(CliApp.CreateRoot(s_context).Parse(args).Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));

    [Theory]
    [InlineData(new[] { "locate" }, "Required argument missing")]
    [InlineData(new[] { "locate", "a.txt", "--mode", "everywhere" }, "everywhere")]
    [InlineData(new[] { "locate", "../secret.txt" }, "path separator")]
    [InlineData(new[] { "get", "con" }, "reserved")]
    [InlineData(new[] { "locate", "a.txt", "--mode", "friends" }, "--via")]
    [InlineData(new[] { "peers", "--maestro", "ftp://m" }, "--maestro must be an http")]
    [InlineData(new[] { "get", "a.txt", "--source", "not a url" }, "--source must be an http")]
    public async Task Bad_arguments_exit_2_with_one_line_on_stderr(string[] args, string expected)
    {
        var run = await CliRunner.RunAsync(args);

        Assert.True(run.ExitCode == ExitCodes.BadArguments, run.ToString());
        Assert.Contains(expected, run.Err, StringComparison.OrdinalIgnoreCase);
        Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("p2p: ", run.Err);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Uploading_a_missing_local_file_exits_3_naming_it()
    {
        var run = await CliRunner.RunAsync("put", "/no/such/dir/file.bin", "--peer", "P1");

        Assert.True(run.ExitCode == ExitCodes.NotFound, run.ToString());
        Assert.Equal("p2p: No such file: /no/such/dir/file.bin", run.Err.Trim());
    }

    [Fact]
    public async Task Help_lists_every_command_and_exits_0()
    {
        var run = await CliRunner.RunAsync("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var command in new[] { "peers", "ls", "locate", "get", "put", "status", "--maestro", "--json" })
        {
            Assert.Contains(command, run.Out);
        }
    }

    [Fact]
    public void The_Maestro_is_the_option_then_the_environment_then_the_default()
    {
        Func<string, string?> environment = name => name == MaestroAddress.EnvironmentVariable ? "http://from-env:9100" : null;

        Assert.Equal(new Uri("http://option:9200"), MaestroAddress.Resolve("http://option:9200", environment));
        Assert.Equal(new Uri("http://from-env:9100"), MaestroAddress.Resolve(null, environment));
        Assert.Equal(new Uri(MaestroAddress.Default), MaestroAddress.Resolve(null, _ => null));
        Assert.Equal(new Uri(MaestroAddress.Default), MaestroAddress.Resolve("", _ => ""));
        var bad = Assert.Throws<CliException>(() => MaestroAddress.Resolve(null, _ => "localhost:9000"));
        Assert.Equal(ExitCodes.BadArguments, bad.ExitCode);
        Assert.Contains(MaestroAddress.EnvironmentVariable, bad.Message);
    }
}
