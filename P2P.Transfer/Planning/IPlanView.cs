namespace P2P.Transfer.Planning;

/// <summary>What a <see cref="IChunkPicker"/> reads of a plan while it chooses; only under the plan's lock.</summary>
public interface IPlanView
{
    int ChunkCount { get; }

    /// <summary>Chunks done or received (verified): what the download holds, for a picker that starts at random.</summary>
    int HeldCount { get; }

    /// <summary>Missing, not received and fetched by nobody.</summary>
    bool IsFree(int chunk);

    /// <summary>Asked for before and given back unfinished (its source failed): it is finished before others are started.</summary>
    bool WasStarted(int chunk);

    /// <summary>The lowest free chunk, or -1 when none is.</summary>
    int FirstFree();

    /// <summary>
    /// The most chunks a run from <paramref name="first"/> may take: up to <paramref name="maxChunks"/>, but never more
    /// than a fair share of the free chunks ahead among the streams, so every stream has work until the end.
    /// </summary>
    int RunLimit(int first, int maxChunks);
}
