using System.Security.Cryptography;
using System.Text;

namespace P2P.Contracts.Security;

/// <summary>
/// The proof that a node holds the network key without showing it: HMAC-SHA256 over a role label, the server's and
/// the client's nonces and both ends' certificate fingerprints, so a proof is worth one exchange on one pair of TLS
/// identities and a relay between two honest nodes has nothing it can forward.
/// </summary>
public static class MembershipProof
{
    public const int NonceBytes = 32;

    /// <summary>The written form of a nonce and of a proof: 64 lower-case hex digits (32 bytes).</summary>
    public const int TextLength = 64;

    private static readonly byte[] s_clientLabel = Encoding.ASCII.GetBytes("p2p membership v1 client");
    private static readonly byte[] s_serverLabel = Encoding.ASCII.GetBytes("p2p membership v1 server");

    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(NonceBytes));

    public static string Compute(
        string networkKey, MembershipRole role, string serverNonce, string clientNonce, string clientFingerprint, string serverFingerprint) =>
        Convert.ToHexStringLower(Mac(networkKey, role, serverNonce, clientNonce, clientFingerprint, serverFingerprint));

    /// <summary>Checks a presented proof in constant time; anything malformed is simply not a proof.</summary>
    public static bool Verify(
        string networkKey, MembershipRole role, string serverNonce, string clientNonce, string clientFingerprint, string serverFingerprint, string? presented)
    {
        if (!Fingerprint.IsValid(presented) || !Fingerprint.IsValid(serverNonce) || !Fingerprint.IsValid(clientNonce)
            || !Fingerprint.IsValid(clientFingerprint) || !Fingerprint.IsValid(serverFingerprint))
        {
            return false;
        }
        var expected = Mac(networkKey, role, serverNonce, clientNonce, clientFingerprint, serverFingerprint);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(presented));
    }

    // Every part but the label has a fixed length, so no two different exchanges hash the same bytes.
    private static byte[] Mac(
        string networkKey, MembershipRole role, string serverNonce, string clientNonce, string clientFingerprint, string serverFingerprint)
    {
        var label = role == MembershipRole.Client ? s_clientLabel : s_serverLabel;
        var message = new byte[label.Length + (4 * NonceBytes)];
        label.CopyTo(message, 0);
        var offset = label.Length;
        foreach (var part in (string[])[serverNonce, clientNonce, clientFingerprint, serverFingerprint])
        {
            Convert.FromHexString(part).CopyTo(message, offset);
            offset += NonceBytes;
        }
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(networkKey), message);
    }
}
