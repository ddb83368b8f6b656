using Microsoft.AspNetCore.Http;

namespace P2P.Hosting.Limits;

/// <summary>
/// A request body read as it comes, that fails with a 413 <see cref="BadHttpRequestException"/> the moment more than
/// <paramref name="limit"/> bytes have arrived: the body is never held whole to be measured.
/// </summary>
public sealed class CappedBodyStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Counted(int read)
    {
        _read += read;
        if (_read > limit)
        {
            throw new BadHttpRequestException(
                $"The request body is over {limit} bytes; this service accepts at most {limit} (max_request_body_bytes).", StatusCodes.Status413PayloadTooLarge);
        }
        return read;
    }
}
