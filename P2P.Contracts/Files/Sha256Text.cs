using System.Diagnostics.CodeAnalysis;

namespace P2P.Contracts.Files;

/// <summary>The one written form of a SHA-256 on every surface: 64 lower-case hexadecimal digits, nothing else.</summary>
public static class Sha256Text
{
    public const int Length = 64;

    public static bool IsValid([NotNullWhen(true)] string? text)
    {
        if (text is null || text.Length != Length)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }
        return true;
    }
}
