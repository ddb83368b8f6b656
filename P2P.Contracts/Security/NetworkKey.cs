using System.Security.Cryptography;
using System.Text;

namespace P2P.Contracts.Security;

/// <summary>
/// The network's shared secret: what the Maestro and the peers require before anyone changes the directory or
/// stores a file. Carried in a header on REST and in call metadata on gRPC; never logged, traced or echoed.
/// </summary>
public static class NetworkKey
{
    /// <summary>The REST request header that carries the key.</summary>
    public const string HeaderName = "X-P2P-Network-Key";

    /// <summary>The gRPC metadata entry that carries the key (gRPC metadata keys are lower case).</summary>
    public const string MetadataKey = "x-p2p-network-key";

    /// <summary>Where a standalone component or the CLI reads the key from when configuration does not give it.</summary>
    public const string EnvironmentVariable = "P2P_NETWORK_KEY";

    /// <summary>
    /// Compares in constant time: both sides are hashed first, so neither the position of the first difference nor
    /// the length of the presented key shows in the time taken.
    /// </summary>
    public static bool Matches(string expected, string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }
        Span<byte> a = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> b = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
