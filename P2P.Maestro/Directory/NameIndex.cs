using System.Collections.Concurrent;

namespace P2P.Maestro.Directory;

/// <summary>
/// Peer ids by file name, so a lookup costs O(holders), never a scan of peers. Kept a superset of the truth by its
/// writer (a name is added before a record holding it is stored, removed after), so each hit is confirmed against
/// the peer's current record.
/// </summary>
internal sealed class NameIndex
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _holdersByName = new(StringComparer.Ordinal);

    public void Add(string name, string id) => _holdersByName.GetOrAdd(name, static _ => new(StringComparer.Ordinal)).TryAdd(id, 0);

    public void Remove(string name, string id)
    {
        if (_holdersByName.TryGetValue(name, out var holders) && holders.TryRemove(id, out _) && holders.IsEmpty)
        {
            _holdersByName.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(name, holders));
        }
    }

    public IEnumerable<string> Holders(string name) =>
        _holdersByName.TryGetValue(name, out var holders) ? holders.Select(static h => h.Key) : [];
}
