using P2P.Contracts.Remote;

namespace P2P.Contracts.Maestro;

/// <summary>
/// The Maestro's answer to a registration: how many files it indexed, how long the entry lives without a heartbeat,
/// and the lease token (<see cref="PeerLease.HeaderName"/>) the peer must present to change its entry from now on;
/// a Maestro from before leases sends none.
/// </summary>
public sealed record RegistrationAccepted(string Id, int FileCount, int PeerTtlSeconds, string? LeaseToken = null) : IRemoteAnswer<RegistrationAccepted>
{
    /// <summary>A day: an entry that outlives silence longer than that is no soft state.</summary>
    public const int MaxPeerTtlSeconds = 86_400;

    public RegistrationAccepted Checked(ICollection<string> dropped)
    {
        WireRules.Require(PeerId.IsValid(Id), "id", PeerId.Rule);
        WireRules.Require(FileCount >= 0, "file_count", "cannot be negative.");
        WireRules.Require(PeerTtlSeconds is > 0 and <= MaxPeerTtlSeconds, "peer_ttl_seconds", $"must be 1 to {MaxPeerTtlSeconds}.");
        WireRules.Require(LeaseToken is null || PeerLease.IsValidToken(LeaseToken), "lease_token", "must be 1 to 256 visible ASCII characters.");
        return this;
    }
}
