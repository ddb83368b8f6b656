using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Peers;

/// <summary>
/// A lookup forwarded friend to friend (<c>POST /discovery/query</c>): a query id each peer handles once, the hops it
/// may still take, and the ids of the peers it has passed through, the asker last.
/// </summary>
public sealed record FriendQuery(string QueryId, string File, int Ttl, IReadOnlyList<string> Path)
{
    /// <summary>The highest TTL a peer may be configured to start with (<c>max_query_ttl</c>); more is a lie.</summary>
    public const int MaxTtl = 16;

    /// <summary>Peers a query may have passed through when it arrives.</summary>
    public const int MaxPath = 64;

    /// <summary>Field errors in problem-details form; empty when the query may be handled.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (SharedFileName.Validate(File) is { } nameError)
        {
            errors["file"] = [nameError];
        }
        // The id is kept in memory for a minute and tagged on spans: short, and plain enough for both.
        if (!WireRules.IsId(QueryId))
        {
            errors["query_id"] = ["A query id is 1 to 64 letters, digits, '-' or '_'."];
        }
        if (Ttl is < 0 or > MaxTtl)
        {
            errors["ttl"] = [$"The TTL is 0 to {MaxTtl} hops."];
        }
        if (Path is null || Path.Count > MaxPath || !Path.All(PeerId.IsValid))
        {
            errors["path"] = [$"The path is a list of at most {MaxPath} peer ids. {PeerId.Rule}"];
        }
        return errors;
    }
}
