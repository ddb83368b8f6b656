namespace P2P.Transfer.Planning;

/// <summary>
/// The policy that chooses which free chunks a source is asked for next (MonoTorrent's <c>IPiecePicker</c>): the plan
/// keeps the state, the picker only orders the free chunks, so each policy is small enough to test alone.
/// </summary>
public interface IChunkPicker
{
    /// <summary>
    /// The run to ask <paramref name="source"/> for, of at most <paramref name="maxChunks"/> free chunks it holds; null when
    /// none is free.
    /// </summary>
    ChunkRun? Pick(IPlanView plan, SourceKey source, int maxChunks);

    /// <summary>
    /// Whether <paramref name="source"/> has said it holds <paramref name="chunk"/>: a source is asked for nothing else, not
    /// even in the endgame.
    /// </summary>
    bool Holds(SourceKey source, int chunk);

    /// <summary>Whether <paramref name="source"/> may fetch a second copy of an in-flight chunk in the endgame.</summary>
    bool MayDouble(SourceKey source);
}
