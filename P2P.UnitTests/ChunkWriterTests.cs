using System.Collections.Concurrent;
using System.Security.Cryptography;
using P2P.Transfer;
using P2P.Transfer.Buffers;
using P2P.Transfer.Storage;

namespace P2P.Tests.Unit;

public sealed class ChunkWriterTests : IDisposable
{
    private const int ChunkSize = DownloadManifest.MinChunkSize;

    private readonly TransferTestPeer _peer = new();
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(3 * ChunkSize + 100);
    private readonly ConcurrentQueue<int> _written = new();
    private readonly ConcurrentQueue<int> _refused = new();
    private readonly ConcurrentQueue<int> _reportedBeforeOnDisk = new();

    [Fact]
    public async Task Chunks_handed_over_in_any_order_are_written_before_they_are_reported()
    {
        var (partial, _) = await PartialDownload.OpenAsync(
            _peer.Target, PartialDownloadTests.ManifestOf(_content, ChunkSize, "w"), TimeProvider.System, static () => { }, _token);
        using (partial)
        {
            using (var writer = new ChunkWriter(partial, Written(partial), (chunk, _) => _refused.Enqueue(chunk)))
            {
                foreach (var chunk in new[] { 2, 0, 3, 1 })
                {
                    writer.Enqueue(chunk, BufferWith(partial.Manifest, chunk));
                }
            }
        }

        Assert.Equal([2, 0, 3, 1], _written);
        Assert.Empty(_reportedBeforeOnDisk);
        Assert.Empty(_refused);
        Assert.Equal(_content, await File.ReadAllBytesAsync(partial.Path, _token));
    }

    [Fact]
    public async Task A_failed_write_cancels_the_download_refuses_the_chunks_after_it_and_is_rethrown()
    {
        var (partial, _) = await PartialDownload.OpenAsync(
            _peer.Target, PartialDownloadTests.ManifestOf(_content, ChunkSize, "f"), TimeProvider.System, static () => { }, _token);
        var writer = new ChunkWriter(partial, Written(partial), (chunk, _) => _refused.Enqueue(chunk));
        writer.Enqueue(0, BufferWith(partial.Manifest, 0));
        await Eventually.ReturnsAsync(_ => Task.FromResult(_written.Count), n => n == 1, TimeSpan.FromSeconds(10), "the first chunk written");

        // A closed file makes every later write fail, as a disk that went away would.
        partial.Dispose();
        writer.Enqueue(1, BufferWith(partial.Manifest, 1));
        writer.Enqueue(2, BufferWith(partial.Manifest, 2));
        writer.Dispose();

        Assert.True(writer.Failed.IsCancellationRequested);
        Assert.Equal([0], _written);
        Assert.Equal([1, 2], _refused);
        Assert.ThrowsAny<ObjectDisposedException>(writer.ThrowIfFailed);
    }

    public void Dispose() => _peer.Dispose();

    /// <summary>Records each reported chunk, and those whose bytes were not in the file yet (asserted on the test's thread).</summary>
    private Action<int, ChunkBuffer> Written(PartialDownload partial) => (chunk, _) =>
    {
        var length = partial.Manifest.LengthOf(chunk);
        var onDisk = new byte[length];
        using (var read = File.OpenHandle(partial.Path))
        {
            RandomAccess.Read(read, onDisk, partial.Manifest.OffsetOf(chunk));
        }
        if (!_content.AsSpan((int)partial.Manifest.OffsetOf(chunk), length).SequenceEqual(onDisk))
        {
            _reportedBeforeOnDisk.Enqueue(chunk);
        }
        _written.Enqueue(chunk);
    };

    private ChunkBuffer BufferWith(DownloadManifest manifest, int chunk)
    {
        var buffer = new ChunkBuffer(manifest.ChunkSize);
        _content.AsSpan((int)manifest.OffsetOf(chunk), manifest.LengthOf(chunk)).CopyTo(buffer.Memory.Span);
        return buffer;
    }
}
