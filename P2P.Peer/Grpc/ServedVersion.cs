using Microsoft.Win32.SafeHandles;
using P2P.Contracts.Files;
using P2P.Peer.Files;
using P2P.Peer.Swarm;

namespace P2P.Peer.Grpc;

/// <summary>
/// The version a transfer call reads from: a shared file, whole, through the shared folder's gate; or the verified
/// chunks of a download on the shelf, from its staging partial, opened read-only at the path the download gave.
/// </summary>
public sealed class ServedVersion
{
    private readonly SharedFile? _file;

    private ServedVersion(string name, string sha256, long size, int chunkSize, SharedFile? file, ShelfEntry? partial)
    {
        Name = name;
        Sha256 = sha256;
        Size = size;
        ChunkSize = chunkSize;
        _file = file;
        Partial = partial;
    }

    public string Name { get; }

    public string Sha256 { get; }

    public long Size { get; }

    public int ChunkSize { get; }

    public int ChunkCount => ChunkLayout.ChunkCount(Size, ChunkSize);

    /// <summary>The shelf's entry when this peer is still downloading the version; null for a complete copy.</summary>
    public ShelfEntry? Partial { get; }

    public static ServedVersion Complete(SharedFile file) => new(file.Name, file.Sha256, file.Size, ChunkLayout.ChunkSize, file, null);

    public static ServedVersion Downloading(ShelfEntry entry) =>
        new(entry.Manifest.File, entry.Manifest.Sha256, entry.Manifest.Size, entry.Manifest.ChunkSize, null, entry);

    public SafeFileHandle Open(SharedFolder folder) => _file is not null ? OpenUnchanged(folder, _file) : OpenPartial(Partial!);

    /// <summary>Refuses a range that touches a chunk not verified here: the caller asks another source for it.</summary>
    public void CheckHeld(long offset, long length)
    {
        if (Partial is null || length == 0)
        {
            return;
        }
        var (first, end) = ChunksOf(offset, length);
        if (Partial.FirstMissing(first, end) is { } missing)
        {
            throw RpcErrors.NotFound(
                $"Chunk {missing} of '{Name}' is not held here: this peer is still downloading it and serves only the chunks it " +
                "announced; ask another source.");
        }
    }

    /// <summary>The chunks [first, end) a non-empty range of bytes touches.</summary>
    public (int First, int End) ChunksOf(long offset, long length) =>
        ((int)(offset / ChunkSize), (int)((offset + length - 1) / ChunkSize) + 1);

    /// <summary>
    /// Checked after each read of a partial: bytes read while the entry was on the shelf are its verified bytes; once
    /// it left, the file may be rewritten by a later attempt, so nothing more is sent from it.
    /// </summary>
    public void CheckStillHeld()
    {
        if (Partial is { OnShelf: false })
        {
            throw RpcErrors.NotFound(
                $"This peer stopped downloading '{Name}' (sha256 {Sha256}) and no longer serves it from its partial file; ask another source.");
        }
    }

    private static SafeFileHandle OpenPartial(ShelfEntry entry)
    {
        try
        {
            return File.OpenHandle(entry.PartialPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw RpcErrors.NotFound($"The partial file of '{entry.Manifest.File}' cannot be read now ({e.GetType().Name}); ask another source.");
        }
    }

    /// <summary>Opens the file the catalog describes through the shared folder's gate, refusing when it is no longer that file.</summary>
    private static SafeFileHandle OpenUnchanged(SharedFolder folder, SharedFile file)
    {
        SafeFileHandle handle;
        try
        {
            handle = folder.OpenServable(file.Name);
        }
        catch (NotServableException e)
        {
            throw RpcErrors.PermissionDenied(e.Message);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw RpcErrors.NotFound($"'{file.Name}' was removed since it was scanned.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw RpcErrors.Unavailable($"'{file.Name}' cannot be read now: {e.Message}");
        }

        if (RandomAccess.GetLength(handle) != file.Size || new DateTimeOffset(File.GetLastWriteTimeUtc(handle), TimeSpan.Zero) != file.LastWriteUtc)
        {
            handle.Dispose();
            throw RpcErrors.ChangedSinceScan(file.Name);
        }
        return handle;
    }
}
