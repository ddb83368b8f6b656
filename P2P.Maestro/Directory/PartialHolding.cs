using P2P.Contracts.Maestro;

namespace P2P.Maestro.Directory;

/// <summary>A version a peer announced it is downloading, with the bytes it still lacked at its last announce.</summary>
internal sealed record PartialHolding(string Name, long Size, string Sha256, long Left)
{
    public static PartialHolding From(PartialAnnounce announce) => new(announce.File, announce.Size, announce.Sha256, announce.Left);

    /// <summary>One peer holds one partial per version of a name.</summary>
    public (string Name, string Sha256) Key => (Name, Sha256);
}
