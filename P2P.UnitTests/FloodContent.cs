using System.Net;

namespace P2P.Tests.Unit;

/// <summary>
/// A JSON-typed body of <paramref name="length"/> bytes (<c>[0,0,0,…</c>) made up as it is read, never held in memory,
/// with its length declared or sent chunked, or breaking off as a dropped connection does after <c>breakAfter</c> bytes;
/// it counts the bytes a reader took.
/// </summary>
public sealed class FloodContent : HttpContent
{
    private readonly FloodStream _stream;

    public FloodContent(long length, bool declareLength, long breakAfter = long.MaxValue)
    {
        _stream = new FloodStream(length, breakAfter);
        Headers.ContentType = new("application/json");
        if (declareLength)
        {
            Headers.ContentLength = length;
        }
    }

    public const long HundredMegabytes = 100L * 1024 * 1024;

    public long BytesRead => _stream.Position;

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(_stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _stream.CopyToAsync(stream);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private sealed class FloodStream(long length, long breakAfter) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => Interlocked.Read(ref _position);
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= breakAfter)
            {
                throw new IOException("The response ended prematurely.");
            }
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[i] = at == 0 ? (byte)'[' : at % 2 == 1 ? (byte)'0' : (byte)',';
            }
            Interlocked.Add(ref _position, n);
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
