using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;
using P2P.Peer.Files;
using P2P.Peer.Maestro;

namespace P2P.Peer.Registration;

/// <summary>
/// Sends this peer's whole state to the Maestro. Calls are serialised and each sends the catalog as it is
/// when its turn comes, so the last registration to land is always the newest.
/// </summary>
public sealed class MaestroRegistrar(
    FileCatalog catalog, MaestroClient maestro, LeaseStore lease, RegistrationState state, IOptions<PeerOptions> options, TimeProvider time, ILogger<MaestroRegistrar> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
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
            logger.Registered(peer.MaestroUrl, accepted.FileCount);
            return true;
        }
        catch (Exception e) when (RemoteCallFailure.IsExpected(e, cancellationToken))
        {
            state.Lost(e.Message);
            logger.RegistrationFailed(options.Value.MaestroUrl, e.Message);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Tells the Maestro this peer is alive, registering again when the Maestro has forgotten it.</summary>
    public async Task<bool> HeartbeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await maestro.HeartbeatAsync(options.Value.Id, lease.Current, cancellationToken))
            {
                return true;
            }
            logger.MaestroForgotPeer();
        }
        catch (Exception e) when (RemoteCallFailure.IsExpected(e, cancellationToken))
        {
            state.Lost(e.Message);
            logger.HeartbeatFailed(e.Message);
            return false;
        }
        return await RegisterAsync(cancellationToken);
    }

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
