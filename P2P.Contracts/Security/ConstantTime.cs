using System.Security.Cryptography;
using System.Text;

namespace P2P.Contracts.Security;

/// <summary>Compares secrets (a control token) without the time taken telling how much of a guess was right.</summary>
public static class ConstantTime
{
    /// <summary>Both sides are hashed first, so neither the first difference nor the presented length shows in the time taken.</summary>
    public static bool Matches(string expected, string? presented)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(expected))
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
