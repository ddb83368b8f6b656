using Microsoft.Extensions.Options;

namespace P2P.Maestro.Directory;

/// <summary>Drops peers that stopped heartbeating, so the index does not grow with the dead, and saves the ids' last-seen times.</summary>
public sealed class ExpiredPeerSweeper(PeerDirectory directory, IdClaims claims, TimeProvider time, IOptions<MaestroOptions> options, ILogger<ExpiredPeerSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var id in directory.RemoveExpired())
            {
                logger.PeerExpired(id, options.Value.PeerTtlSeconds);
            }
            claims.SaveIfChanged(time.GetUtcNow());
        }
    }
}
