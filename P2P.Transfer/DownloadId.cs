using System.Diagnostics.CodeAnalysis;

namespace P2P.Transfer;

/// <summary>A download's id: made by whoever starts it (a GUID here), and read back from staging when it resumes.</summary>
public static class DownloadId
{
    public const int MaxLength = 64;

    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>Letters, digits, '-' and '_': an id goes into URLs and logs as it is.</summary>
    public static bool IsValid([NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
