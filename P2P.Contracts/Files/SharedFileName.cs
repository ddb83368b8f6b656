using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace P2P.Contracts.Files;

/// <summary>
/// The one rule for names of shared files on every surface (REST, gRPC, registrations, uploads):
/// a plain, portable file name that cannot address anything outside a shared folder.
/// </summary>
public static class SharedFileName
{
    public const int MaxUtf8Bytes = 255;

    // Characters Windows refuses in names; refused everywhere so a name valid on one peer is valid on all.
    private static readonly char[] s_nonPortable = ['<', '>', ':', '"', '|', '?', '*'];

    private static readonly HashSet<string> s_reservedDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static bool IsValid([NotNullWhen(true)] string? name) => Validate(name) is null;

    /// <summary>Returns why <paramref name="name"/> is not a valid shared file name, or null when it is.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A file name is required.";
        }
        if (Encoding.UTF8.GetByteCount(name) > MaxUtf8Bytes)
        {
            return $"A file name is at most {MaxUtf8Bytes} bytes of UTF-8.";
        }
        if (name is "." or "..")
        {
            return "'.' and '..' are not file names.";
        }
        if (name.Contains('/') || name.Contains('\\'))
        {
            return "A file name cannot contain a path separator ('/' or '\\').";
        }
        if (name.Any(char.IsControl))
        {
            return "A file name cannot contain control characters.";
        }
        if (name.IndexOfAny(s_nonPortable) >= 0)
        {
            return "A file name cannot contain any of < > : \" | ? * (drive-rooted and stream names included).";
        }
        if (name.StartsWith('.'))
        {
            return "Hidden names (starting with '.') are not shared.";
        }
        if (name.EndsWith('.') || name.EndsWith(' ') || char.IsWhiteSpace(name[0]))
        {
            return "A file name cannot start with white space or end with a dot or white space.";
        }
        var stem = name.Split('.', 2)[0].TrimEnd();
        if (s_reservedDeviceNames.Contains(stem))
        {
            return $"'{stem}' is a reserved device name.";
        }
        return null;
    }
}
