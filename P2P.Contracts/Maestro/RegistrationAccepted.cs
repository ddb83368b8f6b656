namespace P2P.Contracts.Maestro;

/// <summary>The Maestro's answer to a registration: how many files it indexed and how long the entry lives without a heartbeat.</summary>
public sealed record RegistrationAccepted(string Id, int FileCount, int PeerTtlSeconds);
