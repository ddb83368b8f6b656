namespace P2P.Contracts.Security;

/// <summary>
/// The network's shared secret: proof of membership, never a password to show. It keys <see cref="MembershipProof"/>
/// and crosses no wire in any form; never logged, traced or echoed.
/// </summary>
public static class NetworkKey
{
    /// <summary>Where a standalone component or the CLI reads the key from when configuration does not give it.</summary>
    public const string EnvironmentVariable = "P2P_NETWORK_KEY";
}
