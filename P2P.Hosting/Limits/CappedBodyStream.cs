using Microsoft.AspNetCore.Http;

namespace P2P.Hosting.Limits;

/// <summary>
/// A request body that fails with a 413 <see cref="BadHttpRequestException"/> as soon as more than its cap has been read,
/// so a body is held back while it streams instead of being buffered whole to be measured.
/// </summary>
public sealed class CappedBodyStream(Stream inner, long cap) : Stream
{
    private long _read;

    /// <summary>True once a read went past the cap.</summary>
    public bool Exceeded { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        if (_read > cap)
        {
            Exceeded = true;
            throw new BadHttpRequestException($"The request body is over {cap} bytes.", StatusCodes.Status413PayloadTooLarge);
        }
        return read;
    }
}
