using System.Security.Cryptography;
using Google.Protobuf;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;

namespace P2P.Tests.Integration;

/// <summary>The manifest a peer would give for some bytes, built the way a test source needs it.</summary>
public static class TestManifests
{
    public static FileManifest Of(string fileName, byte[] bytes, int chunkSize = ChunkLayout.ChunkSize)
    {
        var manifest = new FileManifest
        {
            FileName = fileName, Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), ChunkSize = chunkSize,
        };
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            manifest.ChunkSha256.Add(ByteString.CopyFrom(SHA256.HashData(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)))));
        }
        return manifest;
    }
}
