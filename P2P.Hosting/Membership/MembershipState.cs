namespace P2P.Hosting.Membership;

/// <summary>
/// A server's side of membership: the nonces it handed out (single use, 30 s, 10,000 at most) and the client
/// fingerprints that proved the key (one hour, 10,000 at most), after which the client proves again; and the throttle
/// of its warnings about refused proofs (one a minute).
/// </summary>
public sealed class MembershipState(TimeProvider time)
{
    public static readonly TimeSpan NonceLifetime = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan ProofLifetime = TimeSpan.FromHours(1);

    public const int Capacity = 10_000;

    public ExpiringSet Nonces { get; } = new(time, NonceLifetime, Capacity);

    public ExpiringSet Proven { get; } = new(time, ProofLifetime, Capacity);

    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    public WarningThrottle RefusalWarnings { get; } = new(time, WarningInterval);
}
