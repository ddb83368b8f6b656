using P2P.Contracts.Maestro;

namespace P2P.Maestro.Directory;

/// <summary>
/// What an announce does to a peer's partial holdings, its name index entries and the directory's budget: started and
/// progress add or update one, stopped and completed (or a version the peer already shares) take it off. Called under
/// the directory's write lock.
/// </summary>
internal static class PartialAnnounces
{
    public static PeerWrite Apply(PeerRecord record, PartialAnnounce announce, DirectoryBudget budget, HolderIndex names, int maxPartials)
    {
        var holding = PartialHolding.From(announce);
        var partials = record.Partials;
        var at = partials.FindIndex(p => p.Key == holding.Key);
        var entry = HolderIndex.Partial(record.Slot);
        if (announce.Event is AnnounceEvent.Stopped or AnnounceEvent.Completed || record.Files.Shares(holding.Name, holding.Sha256))
        {
            if (at >= 0)
            {
                record.Partials = partials = partials.RemoveAt(at);
                budget.Grow(-1);
                if (!partials.Exists(p => p.Name == holding.Name))
                {
                    names.Remove(holding.Name, entry);
                }
            }
            return PeerWrite.Done;
        }
        if (at >= 0)
        {
            record.Partials = partials.SetItem(at, holding with { Name = partials[at].Name });
            return PeerWrite.Done;
        }
        if (partials.Count >= maxPartials)
        {
            return PeerWrite.TooManyPartials;
        }
        if (!budget.AdmitPartial())
        {
            return PeerWrite.DirectoryFull;
        }
        record.Partials = partials.Add(holding with { Name = names.Add(holding.Name, entry) });
        budget.Grow(1);
        return PeerWrite.Done;
    }
}
