namespace P2P.Contracts.Maestro;

/// <summary>
/// The Maestro's answer to a registration: how many files it indexed, how long the entry lives without a heartbeat,
/// and the lease token (<see cref="PeerLease.HeaderName"/>) the peer must present to change its entry from now on.
/// </summary>
public sealed record RegistrationAccepted(string Id, int FileCount, int PeerTtlSeconds, string LeaseToken);
