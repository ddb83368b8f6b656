using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Peer.Downloads;
using P2P.Peer.Status;

namespace P2P.Tests.Integration;

/// <summary>
/// The dashboard's commands, executed through the app model as the dashboard executes them, each checked by its effect
/// on the network. Every test leaves the network as it found it (heartbeats resumed, every peer registered).
/// </summary>
public sealed class DashboardCommandTests(DashboardFixture network) : IClassFixture<DashboardFixture>
{
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(30);
    private readonly HttpClient _maestro = network.Client("maestro");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rescan_registers_a_newly_dropped_file_at_once()
    {
        var name = $"dropped-{Guid.NewGuid():N}.txt";

        var result = await DropAndRescanAsync("peer2", name, Encoding.UTF8.GetBytes("dropped for the rescan"));

        Assert.True(result.Success, result.Message);
        Assert.Contains("the Maestro has them", result.Message, StringComparison.Ordinal);
        var located = await _maestro.GetJsonAsync<LocateResponse>($"/locate?file={name}");
        Assert.Equal(["P2"], located.Peers.Select(p => p.Id));
    }

    [Fact]
    public async Task Paused_heartbeats_let_the_Maestro_drop_the_peer_lookups_fail_over_and_resumed_ones_bring_it_back()
    {
        using var peer1 = network.Client("peer1");
        using var peer3 = network.Client("peer3");
        try
        {
            var paused = await network.Commands.ExecuteCommandAsync("peer3", "pause-heartbeats", Token);

            Assert.True(paused.Success, paused.Message);
            Assert.True((await peer3.GetJsonAsync<PeerStatus>("/")).HeartbeatsPaused);
            await Eventually.ReturnsAsync(
                async ct => await _maestro.GetJsonAsync<List<PeerSummary>>("/peers"), peers => peers.All(p => p.Id != "P3"),
                TimeSpan.FromSeconds(AppHostFixture.PeerTtlSeconds) + s_within, "P3 dropped by the Maestro");
            var located = await peer1.GetJsonAsync<PeerLocateResponse>($"/locate?file={SampleFiles.OnlyP3}");
            Assert.Equal("friends", located.FoundBy);
        }
        finally
        {
            var resumed = await network.Commands.ExecuteCommandAsync("peer3", "resume-heartbeats", Token);
            Assert.True(resumed.Success, resumed.Message);
        }
        Assert.False((await peer3.GetJsonAsync<PeerStatus>("/")).HeartbeatsPaused);
        await network.WaitUntilLocatableAsync(SampleFiles.OnlyP3, ["P3"]);
    }

    [Fact]
    public async Task Download_a_file_starts_the_download_on_that_peer_and_the_file_arrives_verified()
    {
        var name = $"random-{Guid.NewGuid():N}.bin";
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        Assert.True((await DropAndRescanAsync("peer3", name, bytes)).Success);

        var result = await network.Commands.ExecuteCommandAsync("peer1", "download-file", FileArgument(name), Token);

        Assert.True(result.Success, result.Message);
        using var peer1 = network.Client("peer1");
        var path = Assert.Single(result.Message!.Split(' '), w => w.StartsWith("/downloads/", StringComparison.Ordinal));
        var location = new Uri(path.TrimEnd('.'), UriKind.Relative);
        var finished = await peer1.WaitUntilFinishedAsync(location, s_within);
        Assert.Equal(DownloadState.Completed, finished.State);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), NetworkFiles.Sha256Of(Path.Combine(network.SharedDir("peer1"), name)));
    }

    [Fact]
    public async Task Download_a_file_answers_with_the_peers_problem_when_it_refuses()
    {
        var result = await network.Commands.ExecuteCommandAsync("peer1", "download-file", FileArgument("../outside.txt"), Token);

        Assert.False(result.Success);
        Assert.Contains("peer1 answered 400", result.Message, StringComparison.Ordinal);
        Assert.Contains("file:", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_all_peers_empties_the_directory_and_every_peer_registers_again()
    {
        var before = DateTimeOffset.UtcNow;

        var result = await network.Commands.ExecuteCommandAsync("maestro", "forget-all-peers", Token);

        Assert.True(result.Success, result.Message);
        Assert.Matches(@"^The Maestro forgot [3-4] peers", result.Message);
        foreach (var peer in AppHostFixture.PeerNames)
        {
            using var client = network.Client(peer);
            await Eventually.ReturnsAsync(
                _ => client.GetJsonAsync<PeerStatus>("/"), status => status.Registered && status.LastRegisteredAt > before, s_within,
                $"{peer} registered again after the Maestro forgot it");
        }
        await Eventually.ReturnsAsync(
            _ => _maestro.GetJsonAsync<List<PeerSummary>>("/peers"), peers => new[] { "P1", "P2", "P3" }.All(id => peers.Any(p => p.Id == id)), s_within,
            "every peer back in /peers");
    }

    [Fact]
    public async Task The_late_joiner_refuses_commands_until_started_from_the_app_model_then_registers_and_serves_its_file()
    {
        Assert.Equal(KnownResourceStates.NotStarted, ResourceState(AppHostFixture.LateJoiner));
        var early = await network.Commands.ExecuteCommandAsync(AppHostFixture.LateJoiner, "rescan-shared-folder", Token);
        Assert.False(early.Success, "a command on a peer that is not running fails");
        Assert.False(string.IsNullOrWhiteSpace(early.Message));

        await network.StartAsync(AppHostFixture.LateJoiner, TimeSpan.FromMinutes(2));

        await network.WaitUntilLocatableAsync(DashboardFixture.LateJoinerFile, ["P4"], SampleFiles.Sha256(DashboardFixture.LateJoinerContent));
        using var peer1 = network.ControlClient("peer1");
        var location = await peer1.StartAsync(new StartDownloadRequest(DashboardFixture.LateJoinerFile));
        Assert.Equal(DownloadState.Completed, (await peer1.WaitUntilFinishedAsync(location, s_within)).State);
        var copied = await File.ReadAllTextAsync(Path.Combine(network.SharedDir("peer1"), DashboardFixture.LateJoinerFile), Token);
        Assert.Equal(DashboardFixture.LateJoinerContent, copied);
    }

    /// <summary>
    /// Puts a file in a peer's folder and runs the rescan command: with the watcher's debounce at a minute, only the
    /// command can register it at once. Written long ago as far as settling goes, so the rescan does not wait for it.
    /// </summary>
    private async Task<ExecuteCommandResult> DropAndRescanAsync(string peer, string name, byte[] bytes)
    {
        var path = Path.Combine(network.SharedDir(peer), name);
        await File.WriteAllBytesAsync(path, bytes, Token);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        return await network.Commands.ExecuteCommandAsync(peer, "rescan-shared-folder", Token);
    }

    private static InteractionInputCollection FileArgument(string file) =>
        new([new InteractionInput { Name = "file", InputType = InputType.Text, Value = file }]);

    private string? ResourceState(string resource) =>
        network.App.ResourceNotifications.TryGetCurrentState(resource, out var current) ? current.Snapshot.State?.Text : null;
}
