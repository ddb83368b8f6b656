using Microsoft.Extensions.Options;
using OpenTelemetry;
using P2P.Hosting.Logging;
using P2P.Contracts.Maestro;
using P2P.Peer.Files;
using P2P.Peer.Maestro;

namespace P2P.Peer.Registration;

/// <summary>
/// Sends this peer's whole state to the Maestro. Calls are serialised and each sends the catalog as it is
/// when its turn comes, so the last registration to land is always the newest.
/// </summary>
public sealed class MaestroRegistrar(
    FileCatalog catalog, MaestroClient maestro, LeaseStore lease, RegistrationState state, RegistrationTelemetry telemetry, IOptions<PeerOptions> options,
    TimeProvider time, ILogger<MaestroRegistrar> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // A refusal repeats at every heartbeat: said once a minute, and always on the health check.
    private readonly LogThrottle _throttle = new(time, TimeSpan.FromMinutes(1));
    private long _registeredGeneration = -1;

    /// <summary>Registers now; returns false (and records why) when the Maestro could not be reached or refused.</summary>
    public Task<bool> RegisterAsync(CancellationToken cancellationToken) => RegisterAsync(unlessCurrent: false, cancellationToken);

    /// <summary>
    /// Registers unless the Maestro knows this peer and the last registration that landed sent the catalog as it is
    /// now: a change that a refresh or the loop has already registered is not sent twice.
    /// </summary>
    public Task<bool> RegisterIfStaleAsync(CancellationToken cancellationToken) => RegisterAsync(unlessCurrent: true, cancellationToken);

    private async Task<bool> RegisterAsync(bool unlessCurrent, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Read before the files: a change in between is then registered again, never taken as registered.
            var generation = catalog.Generation;
            if (unlessCurrent && state.IsRegistered && generation == _registeredGeneration)
            {
                return true;
            }
            var peer = options.Value;
            var files = catalog.Files.Select(f => f.ToEntry()).ToList();
            var accepted = await maestro.RegisterAsync(new PeerRegistration(peer.Id, peer.AdvertisedRestUrl, peer.AdvertisedGrpcUrl, files), lease.Current, cancellationToken);
            // A Maestro from before leases answers without one; there is then nothing to keep.
            if (accepted.LeaseToken is { } token)
            {
                lease.Save(token);
            }
            state.Registered(time.GetUtcNow(), accepted.FileCount);
            _registeredGeneration = generation;
            logger.Registered(peer.MaestroUrlsText, accepted.FileCount);
            return true;
        }
        catch (Exception e) when (RemoteCallFailure.IsExpected(e, cancellationToken))
        {
            var reason = Reason(e);
            state.Lost(reason);
            if (_throttle.ShouldLog(reason))
            {
                logger.RegistrationFailed(options.Value.MaestroUrlsText, reason);
            }
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Tells the Maestro this peer is alive, registering again when the Maestro has forgotten it. A heartbeat that the
    /// Maestro answers is only counted; one that fails is traced, with the registration it leads to in its trace.
    /// </summary>
    public async Task<bool> HeartbeatAsync(CancellationToken cancellationToken)
    {
        var peer = options.Value;
        var sentAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        HeartbeatResult result;
        string? error = null;
        try
        {
            using (SuppressInstrumentationScope.Begin())
            {
                result = await maestro.HeartbeatAsync(peer.Id, lease.Current, cancellationToken) ? HeartbeatResult.Ok : HeartbeatResult.Unknown;
            }
        }
        catch (Exception e) when (RemoteCallFailure.IsExpected(e, cancellationToken))
        {
            result = HeartbeatResult.Failed;
            error = Reason(e);
        }
        telemetry.HeartbeatAnswered(result, time.GetElapsedTime(started));
        if (result == HeartbeatResult.Ok)
        {
            return true;
        }

        var failed = telemetry.HeartbeatFailed(peer.Id, sentAt, result, error ?? $"The Maestro does not know peer '{peer.Id}'.");
        if (error is not null)
        {
            state.Lost(error);
            if (_throttle.ShouldLog(error))
            {
                logger.HeartbeatFailed(error);
            }
            return false;
        }
        logger.MaestroForgotPeer();
        using var reregistration = telemetry.Reregistering(peer.Id, failed);
        return await RegisterAsync(cancellationToken);
    }

    // A 403 is the Maestro refusing this node (its id held by another certificate, too many ids): said as such.
    private static string Reason(Exception e) =>
        e is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Forbidden } ? $"Refused by the Maestro: {e.Message}" : e.Message;

    public async Task DeregisterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await maestro.DeregisterAsync(options.Value.Id, lease.Current, cancellationToken);
            state.Lost("Deregistered on shutdown.");
            logger.Deregistered();
        }
        catch (Exception e) when (e is OperationCanceledException || RemoteCallFailure.IsExpected(e, cancellationToken))
        {
            // The entry then expires by TTL; nothing else to do on the way out.
            logger.DeregistrationFailed(e.Message);
        }
    }
}
