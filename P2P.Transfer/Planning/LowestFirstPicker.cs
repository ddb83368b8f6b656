namespace P2P.Transfer.Planning;

/// <summary>
/// The lowest free chunk first, with as many consecutive free chunks after it as the run may take: every source holds
/// every chunk (no swarming), and chunks in order reach the whole-file hash in order and the disk sequentially.
/// </summary>
public sealed class LowestFirstPicker : IChunkPicker
{
    public static readonly LowestFirstPicker Instance = new();

    public ChunkRun? Pick(IPlanView plan, SourceKey source, int maxChunks)
    {
        var first = plan.FirstFree();
        if (first < 0)
        {
            return null;
        }
        var limit = plan.RunLimit(first, maxChunks);
        var count = 1;
        while (count < limit && first + count < plan.ChunkCount && plan.IsFree(first + count))
        {
            count++;
        }
        return new ChunkRun(first, count);
    }

    public bool Holds(SourceKey source, int chunk) => true;

    public bool MayDouble(SourceKey source) => true;
}
