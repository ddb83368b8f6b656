using System.Buffers;
using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using P2P.Contracts.Transfer.V1;
using P2P.Transfer;
using P2P.Transfer.Buffers;
using P2P.Transfer.Planning;
using P2P.Transfer.Sources;
using P2P.Transfer.Storage;
using P2P.Transfer.Telemetry;

namespace P2P.Tests.Unit;

public sealed class DownloadSourceTests : IDisposable
{
    private static readonly SourceKey s_other = new("P2");
    private const int ChunkSize = DownloadManifest.MinChunkSize;
    private const int Chunks = 4;

    private readonly TransferTestPeer _peer = new();
    private readonly FakeTimeProvider _time = new();
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(Chunks * ChunkSize);

    [Fact]
    public async Task A_source_that_sends_nothing_for_30_s_in_a_call_is_set_aside_and_the_chunks_it_did_not_send_go_back()
    {
        using var download = await OpenAsync(_content, "silent", _time);
        var context = download.Context;
        var (source, reader, running) = await RunSilentAfterChunk0Async(download);
        var silentSince = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(reader.CancelledAt);
        _time.Advance(TimeSpan.FromSeconds(1));
        await running.WaitAsync(TimeSpan.FromSeconds(10), _token);

        Assert.Equal(silentSince + TimeSpan.FromSeconds(30), reader.CancelledAt);
        var status = source.ToStatus();
        Assert.Equal((SourceState.Failed, 1), (status.State, status.Chunks));
        Assert.Contains("sent nothing for 30 s", status.Error);
        Assert.True(context.Plan.TryTake(s_other, Chunks, out var rest));
        Assert.Equal(new ChunkRun(1, Chunks - 1), rest);
    }

    [Fact]
    public async Task A_source_that_ends_its_call_under_a_request_is_failed_for_what_the_call_ended_with_not_for_silence()
    {
        using var download = await OpenAsync(_content, "ended-under-a-write", TimeProvider.System);
        var reader = new FailingAfter([MessageOf(0)], new RpcException(new Status(StatusCode.Unavailable, "going away")));
        // The third request is written after chunk 0 arrives, when the source has ended the call: grpc-dotnet's write then
        // throws a bare cancellation, before the reader has seen the status.
        var invoker = new StreamingInvoker(_ => reader, write => write == 3 ? new OperationCanceledException() : null);
        var source = SourceFor(download, invoker);

        await source.RunAsync(download.Context, streams: 1, chunksPerRun: 1, _token).WaitAsync(TimeSpan.FromSeconds(10), _token);

        var status = source.ToStatus();
        Assert.Equal((SourceState.Failed, 1), (status.State, status.Chunks));
        Assert.StartsWith("Unavailable", status.Error);
    }

    [Fact]
    public async Task A_stream_waiting_for_a_silent_source_ends_without_blaming_it_once_another_has_landed_the_rest()
    {
        using var download = await OpenAsync(_content, "landed-elsewhere", _time);
        var context = download.Context;
        var (source, reader, running) = await RunSilentAfterChunk0Async(download);
        // The endgame: another source fetches the chunks this one was asked for and has not sent, and lands them first.
        for (var chunk = 1; chunk < Chunks; chunk++)
        {
            Assert.True(context.Plan.TryTake(s_other, 1, out var run));
            Assert.Equal(new ChunkRun(chunk, 1), run);
            Assert.True(context.Plan.Receive(chunk, s_other));
            var buffer = await context.Buffers.RentAsync(_token);
            _content.AsSpan(chunk * ChunkSize, ChunkSize).CopyTo(buffer.Memory.Span);
            context.Store(chunk, buffer);
        }
        await running.WaitAsync(TimeSpan.FromSeconds(10), _token);

        var status = source.ToStatus();
        Assert.Equal((SourceState.Active, 1, null), (status.State, status.Chunks, status.Error));
        Assert.NotNull(reader.CancelledAt);
    }

    [Fact]
    public async Task A_stream_asks_for_the_next_run_before_the_current_one_arrives_and_ends_its_call_when_the_plan_is_complete()
    {
        const int chunks = 8;
        var content = RandomNumberGenerator.GetBytes(chunks * ChunkSize);
        using var download = await OpenAsync(content, "pipelined", TimeProvider.System);
        var (manifest, context) = (download.Partial.Manifest, download.Context);
        RangeServer? server = null;
        var invoker = new StreamingInvoker(_ => server!);
        server = new RangeServer(content, invoker.Sent);
        var source = SourceFor(download, invoker);

        await source.RunAsync(context, streams: 1, chunksPerRun: 2, _token).WaitAsync(TimeSpan.FromSeconds(10), _token);

        Assert.Equal(DownloadContext.RunsInFlight, server.AskedBeforeFirstMessage);
        Assert.Equal([0L, 2L * ChunkSize, 4L * ChunkSize, 6L * ChunkSize], invoker.Sent.Cast<DownloadRequest>().Select(r => r.Offset));
        Assert.All(invoker.Sent.Cast<DownloadRequest>(), r => Assert.Equal((manifest.File, manifest.Sha256, 2L * ChunkSize), (r.FileName, r.Sha256, r.Length)));
        Assert.Equal((SourceState.Active, chunks, (long)content.Length), (source.ToStatus().State, source.ToStatus().Chunks, source.ToStatus().Bytes));
        Assert.True(server.Ended, "the call was not ended by the source after its last range");
    }

    public void Dispose() => _peer.Dispose();

    private async Task<Download> OpenAsync(byte[] content, string name, TimeProvider time)
    {
        var manifest = PartialDownloadTests.ManifestOf(content, ChunkSize, name);
        var (partial, _) = await PartialDownload.OpenAsync(_peer.Target, manifest, TimeProvider.System, static () => { }, _token);
        var context = new DownloadContext(
            partial, new ChunkPlan(manifest.ChunkCount), new RateMeter(time), _peer.Metrics, time, new ChunkBufferCache(ChunkSize, 0));
        return new Download(partial, context);
    }

    /// <summary>Runs a one-stream source asked for every chunk that sends chunk 0 and then nothing; returns once it is silent.</summary>
    private async Task<(DownloadSource Source, SilentAfter Reader, Task Running)> RunSilentAfterChunk0Async(Download download)
    {
        var reader = new SilentAfter([MessageOf(0)], _time);
        var source = SourceFor(download, new StreamingInvoker(_ => reader));
        var running = source.RunAsync(download.Context, streams: 1, chunksPerRun: Chunks, _token);
        await reader.Silent.Task.WaitAsync(TimeSpan.FromSeconds(10), _token);
        return (source, reader, running);
    }

    private static DownloadSource SourceFor(Download download, StreamingInvoker invoker)
    {
        return new DownloadSource(new SourceAddress("P3", "http://p3.test:50051"), new FileTransfer.FileTransferClient(invoker));
    }

    private sealed record Download(PartialDownload Partial, DownloadContext Context) : IDisposable
    {
        public void Dispose()
        {
            Context.Dispose();
            Partial.Dispose();
        }
    }

    private ReceivedMessage MessageOf(int chunk)
    {
        var data = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _content.AsSpan(chunk * ChunkSize, ChunkSize).CopyTo(data);
        return new ReceivedMessage((long)chunk * ChunkSize, data, ChunkSize);
    }

    /// <summary>
    /// A source that answers the requests sent on its call (<paramref name="asked"/>) in order, a chunk per message, and ends
    /// the call when nothing more is asked.
    /// </summary>
    private sealed class RangeServer(byte[] content, System.Collections.Concurrent.ConcurrentQueue<object> asked) : IAsyncStreamReader<ReceivedMessage>
    {
        private int _served;
        private long _next;
        private long _end;

        public int? AskedBeforeFirstMessage { get; private set; }

        public bool Ended { get; private set; }

        public ReceivedMessage Current { get; private set; } = null!;

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            AskedBeforeFirstMessage ??= asked.Count;
            if (_next == _end)
            {
                if (_served >= asked.Count)
                {
                    Ended = true;
                    return Task.FromResult(false);
                }
                var request = (DownloadRequest)asked.ElementAt(_served++);
                (_next, _end) = (request.Offset, request.Offset + request.Length);
            }
            var length = (int)Math.Min(ChunkSize, _end - _next);
            var data = ArrayPool<byte>.Shared.Rent(length);
            content.AsSpan((int)_next, length).CopyTo(data);
            Current = new ReceivedMessage(_next, data, length);
            _next += length;
            return Task.FromResult(true);
        }
    }

    /// <summary>A source that sends <paramref name="messages"/>, then nothing: its next read waits until the call is cancelled, and notes when.</summary>
    private sealed class SilentAfter(IEnumerable<ReceivedMessage> messages, TimeProvider time) : IAsyncStreamReader<ReceivedMessage>
    {
        private readonly Queue<ReceivedMessage> _messages = new(messages);

        public TaskCompletionSource Silent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset? CancelledAt { get; private set; }

        public ReceivedMessage Current { get; private set; } = null!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (_messages.TryDequeue(out var message))
            {
                Current = message;
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

    /// <summary>A source that sends <paramref name="messages"/>, then ends the call with <paramref name="end"/>.</summary>
    private sealed class FailingAfter(IEnumerable<ReceivedMessage> messages, RpcException end) : IAsyncStreamReader<ReceivedMessage>
    {
        private readonly Queue<ReceivedMessage> _messages = new(messages);

        public ReceivedMessage Current { get; private set; } = null!;

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!_messages.TryDequeue(out var message))
            {
                return Task.FromException<bool>(end);
            }
            Current = message;
            return Task.FromResult(true);
        }
    }
}
