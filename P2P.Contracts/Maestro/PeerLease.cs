using System.Diagnostics.CodeAnalysis;

namespace P2P.Contracts.Maestro;

/// <summary>
/// The per-peer token the Maestro issues on registration. A live entry changes (re-registration, heartbeat,
/// deregistration) only for a caller that presents it, so one key holder cannot take over another peer's entry.
/// </summary>
public static class PeerLease
{
    /// <summary>The REST request header that carries the lease token.</summary>
    public const string HeaderName = "X-P2P-Lease";

    public const int MaxTokenLength = 256;

    /// <summary>A token fit for a header and a file: 1 to 256 visible ASCII characters (the Maestro issues 64 hex digits).</summary>
    public static bool IsValidToken([NotNullWhen(true)] string? token) =>
        token is { Length: > 0 and <= MaxTokenLength } && token.All(c => c is > ' ' and <= '~');
}
