using P2P.Contracts.Files;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Maestro;

/// <summary>The answer to a lookup: every peer known to hold <paramref name="File"/>.</summary>
public sealed record LocateResponse(string File, IReadOnlyList<FileLocation> Peers) : IRemoteAnswer<LocateResponse>
{
    public LocateResponse Checked(ICollection<string> dropped)
    {
        WireRules.Require(SharedFileName.IsValid(File), "file", "must be a plain file name.");
        return this with { Peers = WireRules.Entries(Peers, WireRules.MaxLocations, "peers", dropped) };
    }
}
