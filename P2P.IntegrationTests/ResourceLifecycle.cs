using Aspire.Hosting;
using P2P.Tests.Integration.ResourceLogs;
using Aspire.Hosting.ApplicationModel;

namespace P2P.Tests.Integration;

/// <summary>
/// Stops, starts and restarts the app's resources through the orchestrator's own commands, as the dashboard's buttons
/// do, and waits until each has taken effect.
/// </summary>
public static class ResourceLifecycle
{
    /// <summary>
    /// How many times a start that the orchestrator reports as failed is tried. Restarting an executable is a delete
    /// and a create of its orchestrator object; on a loaded machine that occasionally fails at once (FailedToStart,
    /// without the service ever running), as Aspire's own StartResourceForcesStart test does, and a second try starts it.
    /// </summary>
    private const int StartAttempts = 3;

    public static async Task StopAsync(this AppHostFixture network, string resource, TimeSpan within)
    {
        var token = TestContext.Current.CancellationToken;
        var stopped = await network.Commands.ExecuteCommandAsync(resource, "resource-stop", token);
        Assert.True(stopped.Success, $"{resource} did not stop: {stopped.Message}");
        await network.App.ResourceNotifications.WaitForResourceAsync(
                resource, e => e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state), token)
            .WaitAsync(within, token);
    }

    /// <summary>Starts a stopped resource and waits until it is healthy.</summary>
    public static Task StartAsync(this AppHostFixture network, string resource, TimeSpan within) =>
        network.RunUntilHealthyAsync(resource, "resource-start", within);

    /// <summary>Stops a running resource, starts it again and waits until it is healthy.</summary>
    public static Task RestartAsync(this AppHostFixture network, string resource, TimeSpan within) =>
        network.RunUntilHealthyAsync(resource, "resource-restart", within);

    /// <summary>Starts a stopped resource and waits until every peer is registered again, as the next class expects.</summary>
    public static async Task StartWholeAsync(this AppHostFixture network, string resource, TimeSpan within)
    {
        await network.StartAsync(resource, within);
        // Healthy is not yet whole: a peer or a Maestro that answers may not have registered or been registered with yet.
        await network.WaitUntilWholeAsync(within);
    }

    /// <summary>Waits until the Maestro lists every peer of the app.</summary>
    public static Task WaitUntilWholeAsync(this AppHostFixture network, TimeSpan within) =>
        Eventually.ReturnsAsync(
            async ct => await network.Client("maestro").GetStringAsync("/peers", ct),
            peers => AppHostFixture.PeerNames.All(p => peers.Contains($"\"P{p[^1]}\"")), within, "every peer listed");

    private static async Task RunUntilHealthyAsync(this AppHostFixture network, string resource, string command, TimeSpan within)
    {
        var token = TestContext.Current.CancellationToken;
        var failures = new List<string>();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            // A restart that failed to start leaves the resource stopped: what is left to do is a start.
            var result = await network.Commands.ExecuteCommandAsync(resource, attempt == 1 ? command : "resource-start", token);
            if (!result.Success)
            {
                failures.Add($"attempt {attempt}: the command failed: {result.Message}");
                continue;
            }
            try
            {
                await network.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, token).WaitAsync(within, token);
                return;
            }
            catch (DistributedApplicationException e)
            {
                failures.Add($"attempt {attempt}: {e.Message}");
            }
        }
        Assert.Fail($"{resource} did not become healthy after {StartAttempts} attempts:{Environment.NewLine}"
            + string.Join(Environment.NewLine, failures) + Environment.NewLine
            + "orchestrator warnings and errors:" + Environment.NewLine + network.OrchestratorLog.Recent());
    }
}
