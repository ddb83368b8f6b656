namespace P2P.Peer.Swarm;

/// <summary>One stream's share of a downloader's upload slot for a file; disposing it gives the share back, once.</summary>
public sealed class UploadSlot : IDisposable
{
    private readonly UploadSlots _slots;
    private int _released;

    internal UploadSlot(UploadSlots slots, string file, string downloader)
    {
        _slots = slots;
        File = file;
        Downloader = downloader;
    }

    public string File { get; }

    public string Downloader { get; }

    /// <summary>Whether the call must end at this range boundary, so that a waiting downloader gets the slot.</summary>
    public bool MustYield() => _slots.MustYield(this);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _slots.Release(this);
        }
    }
}
