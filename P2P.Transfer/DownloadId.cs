using System.Diagnostics.CodeAnalysis;
using P2P.Contracts.Remote;

namespace P2P.Transfer;

/// <summary>A download's id: made by whoever starts it (a GUID here), and read back from staging when it resumes.</summary>
public static class DownloadId
{
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>The wire's id rule: an id goes into URLs and logs as it is.</summary>
    public static bool IsValid([NotNullWhen(true)] string? id) => WireRules.IsId(id);
}
