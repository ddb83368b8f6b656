using P2P.Contracts.Remote;

namespace P2P.Contracts.Maestro;

/// <summary>A live peer as <c>GET /peers</c> lists it.</summary>
public sealed record PeerSummary(string Id, string RestUrl, string GrpcUrl, int FileCount, DateTimeOffset LastSeen) : IRemoteEntry
{
    public string? Validate() => WireRules.PeerProblem(Id, RestUrl, GrpcUrl) ?? (FileCount < 0 ? "file_count cannot be negative." : null);
}
