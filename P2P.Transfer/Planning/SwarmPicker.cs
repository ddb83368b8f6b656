namespace P2P.Transfer.Planning;

/// <summary>
/// How a download picks chunks among sources that each hold part of the file (BitTorrent's order): a chunk given back
/// unfinished first, then what a complete holder suggested (the chunks it has sent least, spread among its watchers)
/// when no other connected source holds it, then a few at random so that there is soon something to trade, then the
/// rarest among the sources, random among equals: a crowd that starts from one seed, before its members know each
/// other, then takes different chunks from it rather than the same ones in order. Only chunks the source holds. A run continues over consecutive chunks exactly as rare, so
/// a lone seed is still asked for long runs.
/// </summary>
public sealed class SwarmPicker(ChunkAvailability availability, Random random) : IChunkPicker
{
    /// <summary>Chunks picked at random before rarest first, while the download holds fewer than this many.</summary>
    public const int RandomFirstChunks = 4;

    public ChunkRun? Pick(IPlanView plan, SourceKey source, int maxChunks)
    {
        var first = Started(plan, source);
        if (first < 0 && Suggested(plan, source) is var suggested and >= 0)
        {
            // One chunk: the next one was not suggested, and may be what the holder suggested to another downloader.
            return new ChunkRun(suggested, 1);
        }
        if (first < 0)
        {
            first = plan.HeldCount < RandomFirstChunks ? AtRandom(plan, source) : Rarest(plan, source);
        }
        if (first < 0)
        {
            return null;
        }
        var limit = plan.RunLimit(first, maxChunks);
        var holders = availability.HoldersOf(first);
        var count = 1;
        while (count < limit && first + count < plan.ChunkCount && IsCandidate(plan, source, first + count)
            && availability.HoldersOf(first + count) == holders)
        {
            count++;
        }
        return new ChunkRun(first, count);
    }

    public bool Holds(SourceKey source, int chunk) => availability.Holds(source, chunk);

    /// <summary>
    /// Not a complete holder while a partial one is connected: a seed's upload is what the whole swarm is short of, and
    /// a second copy from it is mostly thrown away, the first having come from a peer.
    /// </summary>
    public bool MayDouble(SourceKey source) => availability.IsComplete(source) != true || !availability.AnyPartial;

    private bool IsCandidate(IPlanView plan, SourceKey source, int chunk) => plan.IsFree(chunk) && availability.Holds(source, chunk);

    /// <summary>The lowest free chunk this source holds that an earlier fetch began and did not finish; -1 when none.</summary>
    private int Started(IPlanView plan, SourceKey source)
    {
        for (var chunk = 0; chunk < plan.ChunkCount; chunk++)
        {
            if (plan.WasStarted(chunk) && IsCandidate(plan, source, chunk))
            {
                return chunk;
            }
        }
        return -1;
    }

    /// <summary>Any free chunk this source holds, each as likely; -1 when none.</summary>
    private int AtRandom(IPlanView plan, SourceKey source)
    {
        var (picked, seen) = (-1, 0);
        for (var chunk = 0; chunk < plan.ChunkCount; chunk++)
        {
            if (IsCandidate(plan, source, chunk) && random.Next(++seen) == 0)
            {
                picked = chunk;
            }
        }
        return picked;
    }

    /// <summary>The free chunk this source holds that the fewest sources hold; among those, its suggestion first.</summary>
    private int Rarest(IPlanView plan, SourceKey source)
    {
        var (best, fewest, ties) = (-1, int.MaxValue, 0);
        for (var chunk = 0; chunk < plan.ChunkCount; chunk++)
        {
            if (!IsCandidate(plan, source, chunk))
            {
                continue;
            }
            var holders = availability.HoldersOf(chunk);
            if (holders < fewest)
            {
                (best, fewest, ties) = (chunk, holders, 1);
            }
            else if (holders == fewest && random.Next(++ties) == 0)
            {
                best = chunk;
            }
        }
        return best;
    }

    /// <summary>
    /// The first free chunk a complete holder suggested that no other connected source holds (so as rare as a chunk can
    /// be): what it has sent least, and promised to nobody else; -1 when none.
    /// </summary>
    private int Suggested(IPlanView plan, SourceKey source)
    {
        foreach (var suggested in availability.SuggestedBy(source))
        {
            if (IsCandidate(plan, source, suggested) && availability.HoldersOf(suggested) == 1)
            {
                return suggested;
            }
        }
        return -1;
    }
}
