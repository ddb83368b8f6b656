using System.Security.Cryptography;

namespace P2P.Tests.Integration;

/// <summary>Every file under a folder, by relative path, with its size and SHA-256: two snapshots differ when any file was added, removed or changed.</summary>
public static class FolderSnapshot
{
    public static SortedDictionary<string, string> Take(string root, Func<string, bool>? include = null)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var path in Directory.EnumerateFiles(root, "*", options))
        {
            var relative = Path.GetRelativePath(root, path);
            if (include is null || include(relative))
            {
                using var stream = File.OpenRead(path);
                files[relative] = $"{stream.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(stream))}";
            }
        }
        return files;
    }

    /// <summary>The differences, one line each, for a failure message; empty when the snapshots are equal.</summary>
    public static string Diff(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        string.Join("\n", before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => $"{k}: {before.GetValueOrDefault(k) ?? "(absent)"} -> {after.GetValueOrDefault(k) ?? "(absent)"}"));
}
