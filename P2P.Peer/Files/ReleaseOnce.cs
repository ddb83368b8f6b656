namespace P2P.Peer.Files;

/// <summary>A reservation that gives its room back once, however many times it is disposed.</summary>
public sealed class ReleaseOnce(Action release) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
