using Microsoft.Extensions.Options;
using P2P.Contracts.Files;
using P2P.Peer.Files;
using P2P.Peer.Swarm;

namespace P2P.Peer.Grpc;

/// <summary>
/// Finds what a transfer call names: a shared file by name, or, for a version this peer is still downloading, its
/// entry on the shelf (only while <c>swarming</c> is on). Every name and hash is checked before it is looked up.
/// </summary>
public sealed class ServedFiles(FileCatalog catalog, IOptions<SwarmOptions> swarm, PartialShelf? shelf = null)
{
    /// <summary>The shared file <paramref name="name"/>, whatever its version.</summary>
    public SharedFile Shared(string name)
    {
        if (SharedFileName.Validate(name) is { } error)
        {
            throw RpcErrors.InvalidArgument(error);
        }
        return catalog.Find(name) ?? throw RpcErrors.NotShared(name);
    }

    /// <summary>The shared file <paramref name="name"/> (a valid name), or null.</summary>
    public SharedFile? Find(string name) => catalog.Find(name);

    /// <summary>The shelf's entry for version <paramref name="sha256"/> of <paramref name="name"/>, or null (also with swarming off).</summary>
    public ShelfEntry? Downloading(string name, string sha256) =>
        swarm.Value.Swarming && shelf?.Find(sha256) is { OnShelf: true } entry && entry.Manifest.File == name ? entry : null;

    /// <summary>
    /// The version a range request names: the shared copy when no sha256 is given or it is that one; else the partial
    /// of that version, held on the shelf; else refused (the copy here differs, or there is none).
    /// </summary>
    public ServedVersion Version(string name, string sha256)
    {
        if (SharedFileName.Validate(name) is { } error)
        {
            throw RpcErrors.InvalidArgument(error);
        }
        var file = catalog.Find(name);
        if (file is not null && (sha256.Length == 0 || string.Equals(sha256, file.Sha256, StringComparison.OrdinalIgnoreCase)))
        {
            return ServedVersion.Complete(file);
        }
        if (sha256.Length > 0 && Downloading(name, sha256) is { } entry)
        {
            return ServedVersion.Downloading(entry);
        }
        if (file is null)
        {
            throw Sha256Text.IsValid(sha256) ? RpcErrors.NoCopy(name, sha256) : RpcErrors.NotShared(name);
        }
        throw RpcErrors.FailedPrecondition(
            $"The peer's copy of '{file.Name}' is a different version: sha256 {file.Sha256}, " +
            $"not {(Sha256Text.IsValid(sha256) ? sha256 : "the one asked for")}.");
    }
}
