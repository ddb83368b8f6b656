using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;
using P2P.Peer.Discovery;
using P2P.Peer.Maestro;
using P2P.Peer.Registration;
using P2P.Transfer;
using P2P.Transfer.Swarm;

namespace P2P.Peer.Swarm;

/// <summary>
/// The partial shelf that also tells the Maestro, as a tracker's announce does, which version each download fetches and
/// how much of it is left: started once it is on the shelf, progress at most every <see cref="ProgressInterval"/>, then
/// stopped or completed; and keeps <see cref="PartialHoldings"/> for the answers to friends. An announce that fails is
/// logged and never fails the download; a later one says the whole state again.
/// </summary>
public sealed class AnnouncingShelf(
    IPartialShelf inner, PartialHoldings holdings, MaestroClient maestro, LeaseStore lease, IOptions<PeerOptions> options, TimeProvider time,
    ILogger<AnnouncingShelf> logger) : IPartialShelf
{
    /// <summary>The shortest time between two progress announces of one download.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time = time;
    private readonly PartialHoldings _holdings = holdings;

    /// <summary>Wraps the shelf registered as <see cref="IPartialShelf"/>; with none (swarming off) there is nothing to announce.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IPartialShelf) && !d.IsKeyedService);
        if (registered is null)
        {
            return;
        }
        services.Remove(registered);
        services.AddSingleton<IPartialShelf>(provider => ActivatorUtilities.CreateInstance<AnnouncingShelf>(provider, Resolve(provider, registered)));
    }

    private static IPartialShelf Resolve(IServiceProvider provider, ServiceDescriptor registered) => (IPartialShelf)(
        registered.ImplementationInstance
        ?? registered.ImplementationFactory?.Invoke(provider)
        ?? provider.GetService(registered.ImplementationType!)
        ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!));

    public IPartialEntry Put(DownloadManifest manifest, string partialPath, IReadOnlyCollection<int> verified)
    {
        var entry = new AnnouncedEntry(this, inner.Put(manifest, partialPath, verified), manifest, verified);
        entry.Start();
        return entry;
    }

    private async Task SendAsync(PartialAnnounce announce)
    {
        try
        {
            await maestro.AnnounceAsync(options.Value.Id, lease.Current, announce, CancellationToken.None);
        }
        catch (Exception e) when (RemoteCallFailure.IsExpected(e, CancellationToken.None))
        {
            logger.AnnounceFailed(announce.Event.ToString().ToLowerInvariant(), announce.File, e.Message);
        }
    }

    /// <summary>One download's place on the shelf, with what it holds and the announces still to send, in order.</summary>
    private sealed class AnnouncedEntry(AnnouncingShelf shelf, IPartialEntry inner, DownloadManifest manifest, IReadOnlyCollection<int> verified)
        : IPartialEntry
    {
        private readonly Lock _lock = new();
        private readonly ChunkBitfield _held = new(manifest.ChunkCount);
        private long _left = manifest.Size;
        private long _lastProgress;
        private PartialAnnounce? _pending;
        private bool _sending;
        private bool _closed;

        public void Start()
        {
            bool pump;
            lock (_lock)
            {
                foreach (var chunk in verified.Where(c => (uint)c < (uint)manifest.ChunkCount))
                {
                    Hold(chunk);
                }
                _lastProgress = shelf._time.GetTimestamp();
                pump = Queue(AnnounceEvent.Started);
            }
            Pump(pump);
        }

        public void Verified(int chunk)
        {
            inner.Verified(chunk);
            var pump = false;
            lock (_lock)
            {
                if (_closed || (uint)chunk >= (uint)manifest.ChunkCount || !Hold(chunk))
                {
                    return;
                }
                if (shelf._time.GetElapsedTime(_lastProgress) >= ProgressInterval)
                {
                    _lastProgress = shelf._time.GetTimestamp();
                    pump = Queue(AnnounceEvent.Progress);
                }
                else
                {
                    shelf._holdings.Set(this, State(AnnounceEvent.Progress));
                }
            }
            Pump(pump);
        }

        public void Dispose()
        {
            inner.Dispose();
            bool pump;
            lock (_lock)
            {
                if (_closed)
                {
                    return;
                }
                _closed = true;
                pump = Queue(_held.IsComplete ? AnnounceEvent.Completed : AnnounceEvent.Stopped);
            }
            Pump(pump);
        }

        private bool Hold(int chunk)
        {
            if (!_held.Add(chunk))
            {
                return false;
            }
            _left -= manifest.LengthOf(chunk);
            return true;
        }

        private PartialAnnounce State(AnnounceEvent @event) => new(manifest.File, manifest.Size, manifest.Sha256, _left, @event);

        // The latest state replaces one not sent yet, so announces stay in order and a slow Maestro costs one call at a time.
        private bool Queue(AnnounceEvent @event)
        {
            var state = State(@event);
            if (_closed)
            {
                shelf._holdings.Remove(this);
            }
            else
            {
                shelf._holdings.Set(this, state);
            }
            _pending = state;
            if (_sending)
            {
                return false;
            }
            _sending = true;
            return true;
        }

        private void Pump(bool start)
        {
            if (start)
            {
                _ = Task.Run(PumpAsync);
            }
        }

        private async Task PumpAsync()
        {
            while (true)
            {
                PartialAnnounce next;
                lock (_lock)
                {
                    if (_pending is null)
                    {
                        _sending = false;
                        return;
                    }
                    (next, _pending) = (_pending, null);
                }
                await shelf.SendAsync(next);
            }
        }
    }
}
