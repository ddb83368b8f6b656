using System.Text.RegularExpressions;
using P2P.Contracts.Files;

namespace P2P.Transfer.Storage;

/// <summary>
/// The names of staged files. A key is made here from values this process has checked (a SHA-256 in its written form,
/// or an id it generated), never from a remote party's text; every path is checked to stay in the staging folder.
/// </summary>
public static partial class StagingPath
{
    /// <summary>The key of a download's partial file: one per version, so a restart or another attempt resumes it.</summary>
    public static string DownloadKey(string sha256) => Sha256Text.IsValid(sha256)
        ? "download-" + sha256
        : throw new ArgumentException($"A staging key needs a SHA-256 of {Sha256Text.Length} lower-case hexadecimal digits.", nameof(sha256));

    /// <summary>How an upload's key starts: an upload's own reservation counts its bytes, not the staged files.</summary>
    public const string UploadKeyPrefix = "upload-";

    /// <summary>A fresh key for an upload, which only its own call ever opens.</summary>
    public static string NewUploadKey() => UploadKeyPrefix + Guid.NewGuid().ToString("N");

    /// <summary>The file <paramref name="key"/> + <paramref name="extension"/> in <paramref name="root"/>; throws for any other key.</summary>
    public static string Of(string root, string key, string extension)
    {
        if (!Key().IsMatch(key) || !Extension().IsMatch(extension))
        {
            throw new ArgumentException($"'{key}{extension}' is not a staging file name this process makes.", nameof(key));
        }
        var folder = Path.GetFullPath(root);
        var path = Path.GetFullPath(Path.Combine(folder, key + extension));
        // A second line of defence: whatever the rules above allow, a path that leaves the folder is never opened.
        if (Path.GetDirectoryName(path) != Path.TrimEndingDirectorySeparator(folder))
        {
            throw new ArgumentException($"'{key}{extension}' leaves the staging folder.", nameof(key));
        }
        return path;
    }

    [GeneratedRegex(@"^(download-[0-9a-f]{64}|upload-[0-9a-f]{32})\z")]
    private static partial Regex Key();

    [GeneratedRegex(@"^\.[a-z]{1,8}\z")]
    private static partial Regex Extension();
}
