using P2P.Peer.Files;

namespace P2P.Peer.Registration;

/// <summary>
/// Registers again as soon as the catalog announces a change (a publish, a watcher's rescan, a refresh), so that a
/// new file is locatable without waiting for the heartbeat; the files feature itself never calls registration.
/// </summary>
public sealed class CatalogChangeListener(
    FileCatalog catalog, MaestroRegistrar registrar, RegistrationState state, HeartbeatSwitch heartbeats, ILogger<CatalogChangeListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The generation before any scan: a change announced before this loop began is not missed.
        var seen = 0L;
        while (true)
        {
            // Taken before the generation is read: a change announced after that read completes it.
            var changed = catalog.Changed;
            if (catalog.Generation == seen)
            {
                await changed.WaitAsync(stoppingToken);
            }
            seen = catalog.Generation;
            if (heartbeats.IsPaused)
            {
                // A paused peer stays silent; the loop registers the change once heartbeats resume.
                continue;
            }
            try
            {
                await registrar.RegisterIfStaleAsync(stoppingToken);
            }
            catch (Exception e) when (!(e is OperationCanceledException && stoppingToken.IsCancellationRequested))
            {
                // As in the registration loop: an answer or a bug no rule foresaw must not end the listening.
                state.Lost(e.Message);
                logger.ChangeRegistrationCrashed(e);
            }
        }
    }
}
