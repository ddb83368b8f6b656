using System.Buffers;
using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using P2P.Contracts.Maestro;
using P2P.Contracts.Transfer.V1;
using P2P.Transfer;

namespace P2P.Tests.Unit;

public sealed class DownloadSourceTests : IDisposable
{
    private const int ChunkSize = DownloadManifest.MinChunkSize;
    private const int Chunks = 4;

    private readonly TransferTestPeer _peer = new();
    private readonly FakeTimeProvider _time = new();
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(Chunks * ChunkSize);

    [Fact]
    public async Task A_source_that_sends_nothing_for_30_s_in_a_call_is_set_aside_and_the_chunks_it_did_not_send_go_back()
    {
        var manifest = PartialDownloadTests.ManifestOf(_content, ChunkSize, "silent");
        var (partial, _) = await PartialDownload.OpenAsync(_peer.Staging, manifest, _token);
        using (partial)
        using (var context = new DownloadContext(partial, new ChunkPlan(Chunks), new RateMeter(_time), _peer.Metrics, _time, new ChunkBufferCache(ChunkSize, 0)))
        {
            var reader = new SilentAfter([PieceOf(0)], _time);
            var location = new FileLocation("P3", "http://p3.test:8000", "http://p3.test:50051", _content.Length, manifest.Sha256);
            var source = new DownloadSource(location, new FileTransfer.FileTransferClient(new StreamingInvoker(_ => reader)));

            var running = source.RunAsync(context, streams: 1, chunksPerCall: Chunks, _token);
            await reader.Silent.Task.WaitAsync(TimeSpan.FromSeconds(10), _token);
            var silentSince = _time.GetUtcNow();
            _time.Advance(TimeSpan.FromSeconds(29));
            Assert.Null(reader.CancelledAt);
            _time.Advance(TimeSpan.FromSeconds(1));
            await running.WaitAsync(TimeSpan.FromSeconds(10), _token);

            Assert.Equal(silentSince + TimeSpan.FromSeconds(30), reader.CancelledAt);
            var status = source.ToStatus();
            Assert.Equal(("failed", 1), (status.State, status.Chunks));
            Assert.Contains("sent nothing for 30 s", status.Error);
            Assert.True(context.Plan.TryTake("P2", Chunks, out var rest));
            Assert.Equal(new ChunkRun(1, Chunks - 1), rest);
        }
    }

    public void Dispose() => _peer.Dispose();

    private ReceivedPiece PieceOf(int chunk)
    {
        var data = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _content.AsSpan(chunk * ChunkSize, ChunkSize).CopyTo(data);
        return new ReceivedPiece((long)chunk * ChunkSize, data, ChunkSize);
    }

    /// <summary>A source that sends <paramref name="pieces"/>, then nothing: its next read waits until the call is cancelled, and notes when.</summary>
    private sealed class SilentAfter(IEnumerable<ReceivedPiece> pieces, TimeProvider time) : IAsyncStreamReader<ReceivedPiece>
    {
        private readonly Queue<ReceivedPiece> _pieces = new(pieces);

        public TaskCompletionSource Silent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset? CancelledAt { get; private set; }

        public ReceivedPiece Current { get; private set; } = null!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (_pieces.TryDequeue(out var piece))
            {
                Current = piece;
                return true;
            }
            // Not disposed here: the delay's continuation may run inline when the token is cancelled, and disposing the
            // registration then would unregister this callback before it runs.
            cancellationToken.Register(() => CancelledAt ??= time.GetUtcNow());
            Silent.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return false;
        }
    }
}
