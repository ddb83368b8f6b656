using Microsoft.Extensions.Options;
using P2P.Contracts.Files;

namespace P2P.Peer.Files;

/// <summary>
/// The folder a peer shares, and the only gate through which a file name becomes a path: every path it
/// hands out lies inside the folder after links are resolved.
/// </summary>
public sealed class SharedFolder
{
    /// <summary>The hidden folder inside the shared folder for the peer's own state; never listed or served.</summary>
    public const string StateFolderName = PeerOptions.StateFolderName;

    public SharedFolder(IOptions<PeerOptions> options)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.SharedDir));
        StateDirectory = options.Value.StateDirectory;
        System.IO.Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string StateDirectory { get; }

    /// <summary>The full path of a shared file's name, or null when the name is not a valid shared file name.</summary>
    public string? PathOf(string name) => SharedFileName.IsValid(name) ? Path.Combine(Root, name) : null;

    /// <summary>True when <paramref name="file"/> is a regular file whose final target lies inside the shared folder.</summary>
    public bool IsServable(FileInfo file)
    {
        if (file.LinkTarget is null)
        {
            return IsInside(file.FullName);
        }
        var target = file.ResolveLinkTarget(returnFinalTarget: true);
        return target is FileInfo { Exists: true } && IsInside(target.FullName);
    }

    private bool IsInside(string fullPath)
    {
        var normalized = Path.GetFullPath(fullPath);
        return normalized.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !normalized.StartsWith(StateDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
