using P2P.Transfer.Hashing;

namespace P2P.Transfer.Storage;

/// <summary>
/// Where a download goes: a peer's shared folder (staged under its hidden state folder, then registered) or a
/// plain folder on the command line. The engine only stages, checks and publishes through this seam.
/// </summary>
public interface IDownloadTarget
{
    /// <summary>The folder of partial files and their manifests, never listed or served.</summary>
    string Root { get; }

    /// <summary>The partial file for <paramref name="key"/> (a hash or an id: never a user-chosen name).</summary>
    string PartialPath(string key);

    /// <summary>
    /// Holds room for a download of <paramref name="size"/> bytes into <paramref name="partialPath"/> until the returned
    /// reservation is disposed, before the partial file is made that size.
    /// </summary>
    /// <exception cref="IOException">The target has no room for it; the message says how much it has.</exception>
    IDisposable ReserveRoom(string name, long size, string partialPath);

    /// <summary>The SHA-256 of the file already at the target under <paramref name="name"/>, or null when there is none.</summary>
    ValueTask<string?> ExistingSha256Async(string name, CancellationToken cancellationToken);

    /// <summary>Moves a verified partial file to the target as <paramref name="name"/>; false when an identical file was already there.</summary>
    /// <exception cref="FileVersionConflictException">Another version of the file is already there under that name.</exception>
    Task<bool> PublishAsync(string partialPath, string name, FileDigest digest, CancellationToken cancellationToken);
}
