namespace P2P.Transfer.Planning;

/// <summary>Consecutive chunks a source is asked for in one request: <see cref="Count"/> chunks from <see cref="First"/>.</summary>
public readonly record struct ChunkRun(int First, int Count)
{
    /// <summary>One past the last chunk of the run.</summary>
    public int End => First + Count;
}
