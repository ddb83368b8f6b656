using Microsoft.Extensions.Options;
using P2P.Peer.Files;

namespace P2P.Peer.Registration;

/// <summary>
/// The peer's bootstrap and soft-state loop: scan the shared folder, register (retrying with backoff until the
/// Maestro answers), heartbeat every interval unless an operator paused it, and deregister on a clean stop. Only the stop ends the loop: a round
/// that fails in any way counts as a failed call.
/// </summary>
public sealed class RegistrationService(
    FileCatalog catalog, MaestroRegistrar registrar, RegistrationState state, HeartbeatSwitch heartbeats, IOptions<PeerOptions> options,
    TimeProvider time, ILogger<RegistrationService> logger)
    : BackgroundService
{
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_deregistrationBudget = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        await catalog.RescanAsync(stoppingToken);

        var retry = s_firstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            var ok = await RoundAsync(stoppingToken);
            retry = ok ? s_firstRetry : TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, interval.Ticks));
            await Task.Delay(ok ? interval : retry, time, stoppingToken);
        }
    }

    private async Task<bool> RoundAsync(CancellationToken stoppingToken)
    {
        if (heartbeats.IsPaused)
        {
            return true;
        }
        try
        {
            // After a heartbeat, a catalog change the listener left alone while heartbeats were paused is registered.
            return state.IsRegistered
                ? await registrar.HeartbeatAsync(stoppingToken) && await registrar.RegisterIfStaleAsync(stoppingToken)
                : await registrar.RegisterIfStaleAsync(stoppingToken);
        }
        catch (Exception e) when (!(e is OperationCanceledException && stoppingToken.IsCancellationRequested))
        {
            // An answer or a bug no rule foresaw must not leave the peer unregistered until it restarts.
            state.Lost(e.Message);
            logger.RegistrationRoundCrashed(e);
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (state.IsRegistered)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(s_deregistrationBudget);
            await registrar.DeregisterAsync(budget.Token);
        }
    }
}
