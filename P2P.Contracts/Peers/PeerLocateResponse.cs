using P2P.Contracts.Maestro;

namespace P2P.Contracts.Peers;

/// <summary>
/// A peer's answer to <c>GET /locate</c>: who has the file, which mode found it, the hop path the answer took
/// (<c>["P1","P2","P3"]</c>), every peer the query reached, and the trace id of the lookup.
/// </summary>
public sealed record PeerLocateResponse(
    string File, string FoundBy, IReadOnlyList<FileLocation> Peers, IReadOnlyList<string> Path, IReadOnlyList<QueryHop> Hops, string TraceId);
