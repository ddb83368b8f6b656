using Google.Protobuf;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;
using P2P.Peer.Swarm;

namespace P2P.Peer.Grpc;

/// <summary>
/// Answers <c>GetManifest</c>: without a sha256, the shared copy's manifest, as always; with one, that version's, from
/// the shared copy when it is that version, else from the shelf with <c>partial</c> set, else NOT_FOUND.
/// </summary>
public sealed class ManifestServer(ServedFiles files)
{
    public FileManifest Manifest(GetManifestRequest request)
    {
        if (request.Sha256.Length == 0)
        {
            return ToManifest(files.Shared(request.FileName));
        }
        if (!Sha256Text.IsValid(request.Sha256))
        {
            throw RpcErrors.InvalidArgument("sha256, when given, must be the version's SHA-256 as 64 lower-case hex digits.");
        }
        if (SharedFileName.Validate(request.FileName) is { } error)
        {
            throw RpcErrors.InvalidArgument(error);
        }
        if (files.Find(request.FileName) is { } file && file.Sha256 == request.Sha256)
        {
            return ToManifest(file);
        }
        return files.Downloading(request.FileName, request.Sha256) is { } entry ? ToManifest(entry)
            : throw RpcErrors.NoCopy(request.FileName, request.Sha256);
    }

    private static FileManifest ToManifest(SharedFile file)
    {
        var manifest = new FileManifest { FileName = file.Name, Size = file.Size, Sha256 = file.Sha256, ChunkSize = ChunkLayout.ChunkSize };
        AddHashes(manifest, file.ChunkHashes);
        return manifest;
    }

    private static FileManifest ToManifest(ShelfEntry entry)
    {
        var source = entry.Manifest;
        var manifest = new FileManifest { FileName = source.File, Size = source.Size, Sha256 = source.Sha256, ChunkSize = source.ChunkSize, Partial = true };
        AddHashes(manifest, source.ChunkHashes);
        return manifest;
    }

    private static void AddHashes(FileManifest manifest, byte[] chunkHashes)
    {
        for (var at = 0; at < chunkHashes.Length; at += ChunkLayout.HashSize)
        {
            manifest.ChunkSha256.Add(ByteString.CopyFrom(chunkHashes, at, ChunkLayout.HashSize));
        }
    }
}
