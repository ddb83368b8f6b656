namespace P2P.Transfer.Swarm;

/// <summary>The shelf of a downloader that serves nothing it is still downloading (the command line, swarming off).</summary>
public sealed class NoShelf : IPartialShelf, IPartialEntry
{
    public static readonly NoShelf Instance = new();

    public IPartialEntry Put(DownloadManifest manifest, string partialPath, IReadOnlyCollection<int> verified) => this;

    public void Verified(int chunk)
    {
    }

    public void Dispose()
    {
    }
}
