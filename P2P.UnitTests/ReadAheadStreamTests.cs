using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using P2P.Connections;

namespace P2P.Tests.Unit;

public sealed class ReadAheadStreamTests
{
    private const int BufferSize = 64 * 1024;

    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(3 * BufferSize + 1000);

    [Fact]
    public async Task Small_reads_are_served_from_one_large_read_of_the_inner_stream()
    {
        var inner = new CountingStream(_content);
        await using var stream = new ReadAheadStream(inner, BufferSize);

        var read = await ReadAllAsync(stream, 9);

        Assert.Equal(_content, read);
        // Four buffer fills and the final read that finds the end, instead of one read per 9 bytes.
        Assert.Equal(5, inner.Reads.Count);
        Assert.All(inner.Reads, length => Assert.Equal(BufferSize, length));
    }

    [Fact]
    public async Task A_read_as_large_as_the_buffer_goes_straight_to_the_inner_stream()
    {
        var inner = new CountingStream(_content);
        await using var stream = new ReadAheadStream(inner, BufferSize);

        var read = await ReadAllAsync(stream, 2 * BufferSize);

        Assert.Equal(_content, read);
        Assert.All(inner.Reads, length => Assert.Equal(2 * BufferSize, length));
    }

    [Fact]
    public async Task Synchronous_and_asynchronous_reads_take_from_the_same_buffer()
    {
        await using var stream = new ReadAheadStream(new CountingStream(_content), BufferSize);
        var first = new byte[100];
        var second = new byte[100];

        Assert.Equal(100, stream.Read(first));
        Assert.Equal(100, await stream.ReadAsync(second, _token));

        Assert.Equal(_content[..100], first);
        Assert.Equal(_content[100..200], second);
    }

    [Fact]
    public async Task Writes_reach_the_inner_stream_at_once_without_a_flush()
    {
        var inner = new CountingStream([]);
        await using var stream = new ReadAheadStream(inner, BufferSize);

        await stream.WriteAsync(_content.AsMemory(0, 10), _token);
        stream.Write(_content, 10, 5);

        Assert.Equal(_content[..15], inner.ToArray());
    }

    [Fact]
    public async Task Over_a_socket_a_writer_runs_beside_the_reader_and_every_byte_arrives_in_order()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!, _token);
        using var server = await listener.AcceptAsync(_token);
        await using var local = new ReadAheadStream(new NetworkStream(client, ownsSocket: false), BufferSize);
        await using var remote = new NetworkStream(server, ownsSocket: false);

        // Each side sends the content while it reads the other's: the read-ahead side in frame-sized reads.
        var remoteSends = SendAndCloseAsync(remote, server);
        var localSends = SendAndCloseAsync(local, client);
        var localReceived = ReadAllAsync(local, 16 * 1024 + 9);
        var remoteReceived = ReadAllAsync(remote, 16 * 1024);
        await Task.WhenAll(remoteSends, localSends, localReceived, remoteReceived);

        Assert.Equal(_content, await localReceived);
        Assert.Equal(_content, await remoteReceived);
    }

    private async Task SendAndCloseAsync(Stream stream, Socket socket)
    {
        for (var at = 0; at < _content.Length; at += 4000)
        {
            await stream.WriteAsync(_content.AsMemory(at, Math.Min(4000, _content.Length - at)), _token);
        }
        socket.Shutdown(SocketShutdown.Send);
    }

    private async Task<byte[]> ReadAllAsync(Stream stream, int readSize)
    {
        using var all = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await stream.ReadAsync(buffer, _token)) > 0)
        {
            all.Write(buffer, 0, read);
        }
        return all.ToArray();
    }

    /// <summary>A memory stream that records the size of every read asked of it.</summary>
    private sealed class CountingStream(byte[] content) : MemoryStream(content.Length)
    {
        private readonly byte[] _content = content;
        private int _position;

        public List<int> Reads { get; } = [];

        public override int Read(Span<byte> buffer)
        {
            Reads.Add(buffer.Length);
            var count = Math.Min(buffer.Length, _content.Length - _position);
            _content.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }
}
