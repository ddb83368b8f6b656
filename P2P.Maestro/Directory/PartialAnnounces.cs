using P2P.Contracts.Maestro;

namespace P2P.Maestro.Directory;

/// <summary>
/// What an announce does to a peer's partial holdings, its name index entries and the directory's budget: started and
/// progress add or update one, stopped and completed (or a version the peer already shares) take it off. Called under
/// the directory's write lock.
/// </summary>
internal static class PartialAnnounces
{
    public static PeerWrite Apply(PeerRecord record, PartialAnnounce announce, DirectoryBudget budget, NameIndex names, int maxPartials)
    {
        var holding = PartialHolding.From(announce);
        var partials = record.Partials;
        var at = partials.FindIndex(p => p.Key == holding.Key);
        var shared = record.Files.TryGetValue(holding.Name, out var file) && file.Sha256 == holding.Sha256;
        if (announce.Event is AnnounceEvent.Stopped or AnnounceEvent.Completed || shared)
        {
            if (at >= 0)
            {
                record.Partials = partials.RemoveAt(at);
                budget.Grow(-1);
                if (!record.Holds(holding.Name))
                {
                    names.Remove(holding.Name, record.Id);
                }
            }
            return PeerWrite.Done;
        }
        if (at >= 0)
        {
            record.Partials = partials.SetItem(at, holding);
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
        names.Add(holding.Name, record.Id);
        record.Partials = partials.Add(holding);
        budget.Grow(1);
        return PeerWrite.Done;
    }
}
