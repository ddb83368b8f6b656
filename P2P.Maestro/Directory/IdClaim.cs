namespace P2P.Maestro.Directory;

/// <summary>An id reserved for the certificate that last held it, as persisted in the Maestro's state folder.</summary>
public sealed record IdClaim(string Id, string Fingerprint, DateTimeOffset LastSeen);
