using P2P.Cli;
using P2P.Contracts.Security;

namespace P2P.Tests.Integration;

/// <summary>Issue 29 item 5: <c>p2p</c> finds the running AppHost's key and Maestro by itself, with nothing typed.</summary>
[Collection(SharedNetwork.Name)]
public sealed class LocalRunCliTests(AppHostFixture network) : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Issue29Item5_get_finds_the_running_apps_key_and_maestro_with_none_in_the_environment()
    {
        var run = LocalRun.Parse(await File.ReadAllBytesAsync(LocalRun.PathIn(network.StateFolder), TestContext.Current.CancellationToken)).Run;
        Assert.NotNull(run);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LocalRun.PathIn(network.StateFolder)));
        }
        Assert.Equal(network.NetworkKey, run.NetworkKey);

        // Only the state folder comes from the environment: no key, no --key-file, no --maestro.
        var get = await CliRunner.RunAsync(["get", SampleFiles.OnlyP3, "--to", _temp.Path], new CapturedWriter(), TestContext.Current.CancellationToken,
            name => name == LocalRun.StateFolderVariable ? network.StateFolder : null);

        Assert.True(get.ExitCode == ExitCodes.Success, get.ToString());
        Assert.True(File.Exists(Path.Combine(_temp.Path, SampleFiles.OnlyP3)), get.ToString());
        Assert.DoesNotContain(network.NetworkKey, get.Out + get.Err);
    }

    public void Dispose() => _temp.Dispose();
}
