using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;
using P2P.Transfer.Storage;
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

    private const int NoEntry = 2;

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

    /// <summary>
    /// Opens a shared file for reading: the one gate every serve and every hash goes through. The checks hold for the
    /// opened handle itself, so a link swapped in after a listing cannot lead the read anywhere else.
    /// </summary>
    /// <exception cref="NotServableException">The name leads outside the folder, into its state folder, or to no regular file.</exception>
    /// <exception cref="FileNotFoundException">Nothing has that name, or a link on the way leads nowhere.</exception>
    public SafeFileHandle OpenServable(string name)
    {
        if (!SharedFileName.IsValid(name))
        {
            throw new NotServableException(name);
        }
        if (!OperatingSystem.IsLinux())
        {
            return OpenChecked(name);
        }
        var (handle, realPath, realRoot, error) = BeneathOpen.Open(Root, name);
        if (handle is null)
        {
            throw error == NoEntry
                ? new FileNotFoundException($"'{name}' does not exist in the shared folder.", name)
                : new IOException($"'{name}' cannot be opened (errno {error}).");
        }
        if (realPath is null || !IsInside(realPath, realRoot))
        {
            handle.Dispose();
            throw new NotServableException(name);
        }
        return handle;
    }

    /// <summary>
    /// Deletes a shared file by its name: only a plain name directly in the folder (never its state folder), and a link
    /// itself rather than what it leads to. False when nothing has that name.
    /// </summary>
    /// <exception cref="NotServableException">The name is not a shared file name, or names a folder.</exception>
    public bool Remove(string name)
    {
        if (!SharedFileName.IsValid(name))
        {
            throw new NotServableException(name);
        }
        var path = Path.Combine(Root, name);
        var entry = new FileInfo(path);
        if (System.IO.Directory.Exists(path) && entry.LinkTarget is null)
        {
            throw new NotServableException(name);
        }
        if (!entry.Exists && entry.LinkTarget is null)
        {
            return false;
        }
        File.Delete(path);
        return true;
    }

    /// <summary>Where the kernel offers no way to resolve beneath a folder: the final target's path is checked, then opened.</summary>
    private SafeFileHandle OpenChecked(string name)
    {
        var file = new FileInfo(Path.Combine(Root, name));
        var target = file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true);
        if (target is not FileInfo { Exists: true } || !IsInside(target.FullName, Root))
        {
            throw target is null or { Exists: false } && file.LinkTarget is null
                ? new FileNotFoundException($"'{name}' does not exist in the shared folder.", name)
                : new NotServableException(name);
        }
        return File.OpenHandle(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    private static bool IsInside(string fullPath, string root)
    {
        var normalized = Path.GetFullPath(fullPath);
        return normalized.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !normalized.StartsWith(Path.Combine(root, StateFolderName) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
