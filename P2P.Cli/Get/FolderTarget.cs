using P2P.Contracts.Files;
using P2P.Transfer;
using P2P.Transfer.Hashing;
using P2P.Transfer.Storage;

namespace P2P.Cli.Get;

/// <summary>
/// A plain folder as a download's destination: partial files wait in its hidden <see cref="PartialFolderName"/>
/// folder (where a later run resumes them), and the finished file arrives by an atomic rename that never replaces a file.
/// </summary>
public sealed class FolderTarget(string folder) : IDownloadTarget
{
    public const string PartialFolderName = ".p2p-partial";

    public string Folder { get; } = Path.GetFullPath(folder);

    public string Root => Path.Combine(Folder, PartialFolderName);

    /// <summary>A folder of the user's own: its disk is the limit, as for any copy the user makes.</summary>
    public IDisposable ReserveRoom(string name, long size, string partialPath) => NoReservation.Instance;

    /// <summary>Where <paramref name="name"/> lands; only plain file names are accepted, so never outside the folder.</summary>
    public string PathOf(string name) =>
        SharedFileName.Validate(name) is null ? Path.Combine(Folder, name) : throw new ArgumentException($"'{name}' is not a plain file name.", nameof(name));

    public string PartialPath(string key)
    {
        Directory.CreateDirectory(Root);
        return StagingPath.Of(Root, key, ".part");
    }

    public async ValueTask<string?> ExistingSha256Async(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        return File.Exists(path) ? (await FileHasher.DigestAsync(path, cancellationToken)).Sha256 : null;
    }

    public async Task<bool> PublishAsync(string partialPath, string name, FileDigest digest, CancellationToken cancellationToken)
    {
        var target = PathOf(name);
        try
        {
            NoReplaceMove.Move(partialPath, target);
        }
        catch (TargetExistsException)
        {
            if (await ExistingSha256Async(name, cancellationToken) == digest.Sha256)
            {
                File.Delete(partialPath);
                return false;
            }
            throw new FileVersionConflictException(name);
        }
        NoReplaceMove.FlushDirectory(Folder);
        return true;
    }

    /// <summary>Removes the partial folder once nothing is left in it to resume.</summary>
    public void Tidy()
    {
        if (Directory.Exists(Root) && !Directory.EnumerateFileSystemEntries(Root).Any())
        {
            Directory.Delete(Root);
        }
    }
}
