using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Peers;

/// <summary>
/// A peer's answer to <c>GET /locate</c>: who has the file, which mode found it, the hop path the answer took
/// (<c>["P1","P2","P3"]</c>), every peer the query reached, and the trace id of the lookup.
/// </summary>
public sealed record PeerLocateResponse(
    string File, string FoundBy, IReadOnlyList<FileLocation> Peers, IReadOnlyList<string> Path, IReadOnlyList<QueryHop> Hops, string TraceId)
    : IRemoteAnswer<PeerLocateResponse>
{
    /// <summary>As <see cref="FriendQueryAnswer.Checked"/>: bad locations and hops are left out, anything else refuses the answer.</summary>
    public PeerLocateResponse Checked(ICollection<string> dropped)
    {
        WireRules.Require(SharedFileName.IsValid(File), "file", "must be a plain file name.");
        WireRules.Require(FoundBy is "local" or "friends" or "maestro", "found_by", "must be local, friends or maestro.");
        WireRules.Require(WireRules.IsTraceId(TraceId), "trace_id", "must be 32 lower-case hexadecimal digits or empty.");
        return this with
        {
            Peers = WireRules.Entries(Peers, WireRules.MaxLocations, "peers", dropped),
            Path = WireRules.Path(Path, "path"),
            Hops = WireRules.Entries(Hops, WireRules.MaxHops, "hops", dropped),
        };
    }
}
