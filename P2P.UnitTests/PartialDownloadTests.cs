using System.Security.Cryptography;
using P2P.Contracts.Files;
using P2P.Transfer;
using P2P.Transfer.Buffers;
using P2P.Transfer.Storage;

namespace P2P.Tests.Unit;

public sealed class PartialDownloadTests : IDisposable
{
    // Small chunks keep the files tiny; 4.5 chunks: four whole ones and a short last one.
    private const int ChunkSize = DownloadManifest.MinChunkSize;

    private readonly TransferTestPeer _peer = new();
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(4 * ChunkSize + ChunkSize / 2);

    [Fact]
    public async Task Reopened_with_the_same_manifest_only_the_chunks_that_still_match_count_as_verified()
    {
        var manifest = ManifestOf(_content, ChunkSize, "first");
        await WritePartialAsync(manifest, correct: [0, 1, 4], garbled: [3]);

        var (partial, verified) = await PartialDownload.OpenAsync(_peer.Target, manifest with { Id = "second" }, TimeProvider.System, static () => { }, _token);
        partial.Dispose();

        Assert.Equal([0, 1, 4], verified);
    }

    [Fact]
    public async Task A_manifest_with_other_chunk_hashes_for_the_same_file_starts_from_zero()
    {
        await WritePartialAsync(ManifestOf(_content, ChunkSize, "small-chunks"), correct: [0, 1, 2, 3, 4], garbled: []);

        var (partial, verified) = await PartialDownload.OpenAsync(
            _peer.Target, ManifestOf(_content, 2 * ChunkSize, "big-chunks"), TimeProvider.System, static () => { }, _token);
        partial.Dispose();

        Assert.Empty(verified);
        Assert.Equal("big-chunks", Assert.Single(PartialDownload.FindUnfinished(_peer.Target)).Id);
    }

    [Fact]
    public async Task A_manifest_of_another_version_starts_from_zero()
    {
        await WritePartialAsync(ManifestOf(_content, ChunkSize, "old"), correct: [0, 1, 2, 3, 4], garbled: []);
        var other = _content.ToArray();
        other[0] ^= 1;

        var (partial, verified) = await PartialDownload.OpenAsync(
            _peer.Target, ManifestOf(other, ChunkSize, "new"), TimeProvider.System, static () => { }, _token);
        partial.Dispose();

        Assert.Empty(verified);
        Assert.Equal(["new", "old"], PartialDownload.FindUnfinished(_peer.Target).Select(m => m.Id).Order());
    }

    [Fact]
    public async Task The_unfinished_downloads_are_listed_until_they_are_discarded()
    {
        var manifest = ManifestOf(_content, ChunkSize, "unfinished");
        await WritePartialAsync(manifest, correct: [2], garbled: []);

        var listed = Assert.Single(PartialDownload.FindUnfinished(_peer.Target));
        Assert.Equal(("unfinished", manifest.File, manifest.Sha256), (listed.Id, listed.File, listed.Sha256));
        Assert.True(listed.SameContentAs(manifest));

        var (partial, _) = await PartialDownload.OpenAsync(_peer.Target, manifest, TimeProvider.System, static () => { }, _token);
        partial.Discard();
        Assert.Empty(PartialDownload.FindUnfinished(_peer.Target));
        Assert.Empty(_peer.StagedFiles());
    }

    public void Dispose() => _peer.Dispose();

    /// <summary>Starts a partial download and writes some chunks as received and others with a flipped byte, as a crash mid-write leaves them.</summary>
    private async Task WritePartialAsync(DownloadManifest manifest, int[] correct, int[] garbled)
    {
        var (partial, verified) = await PartialDownload.OpenAsync(_peer.Target, manifest, TimeProvider.System, static () => { }, _token);
        using (partial)
        {
            Assert.Empty(verified);
            foreach (var chunk in correct.Concat(garbled))
            {
                var buffer = new ChunkBuffer(manifest.ChunkSize);
                var data = buffer.Memory.Span[..manifest.LengthOf(chunk)];
                _content.AsSpan((int)manifest.OffsetOf(chunk), data.Length).CopyTo(data);
                if (garbled.Contains(chunk))
                {
                    data[^1] ^= 0xFF;
                }
                partial.Write(chunk, buffer);
            }
        }
    }

    internal static DownloadManifest ManifestOf(byte[] content, int chunkSize, string id)
    {
        var hashes = content.Chunk(chunkSize).SelectMany(c => SHA256.HashData(c)).ToArray();
        Assert.Equal(ChunkLayout.ChunkCount(content.Length, chunkSize) * ChunkLayout.HashSize, hashes.Length);
        return new DownloadManifest(id, "movie.bin", Convert.ToHexStringLower(SHA256.HashData(content)), content.Length, chunkSize, hashes);
    }
}
