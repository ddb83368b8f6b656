using Google.Protobuf;
using Grpc.Core;
using P2P.Contracts.Transfer.V1;

namespace P2P.Tests.Unit;

/// <summary>
/// The downloader's own reading of <c>FileChunk</c> messages (<see cref="FileTransfer.FileTransferClient.FetchMessages"/>):
/// it must read what any protobuf writer sends and refuse what no writer could.
/// </summary>
public sealed class FetchMessagesTests
{
    [Fact]
    public void A_FileChunk_reads_as_the_generated_parser_reads_it()
    {
        var data = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
        var written = new FileChunk { Offset = 5L << 32, Data = ByteString.CopyFrom(data) }.ToByteArray();

        var received = Parse(written);

        Assert.Equal(5L << 32, received.Offset);
        Assert.Equal(data, received.Data.ToArray());
        received.Dispose();
    }

    [Fact]
    public void Defaults_left_out_by_the_writer_read_as_offset_zero_and_no_data()
    {
        var received = Parse(new FileChunk().ToByteArray());

        Assert.Equal((0L, 0), (received.Offset, received.Length));
    }

    [Fact]
    public void Fields_a_newer_writer_adds_are_skipped_whatever_their_wire_type()
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(9, WireFormat.WireType.Varint);
        output.WriteInt64(-1);
        output.WriteTag(10, WireFormat.WireType.Fixed64);
        output.WriteFixed64(7);
        output.WriteTag(11, WireFormat.WireType.LengthDelimited);
        output.WriteString("a later field");
        output.WriteTag(12, WireFormat.WireType.Fixed32);
        output.WriteFixed32(3);
        output.Flush();
        new FileChunk { Offset = 42, Data = ByteString.CopyFromUtf8("bytes") }.WriteTo(buffer);

        var received = Parse(buffer.ToArray());

        Assert.Equal((42L, "bytes"), (received.Offset, System.Text.Encoding.UTF8.GetString(received.Data)));
    }

    [Theory]
    [InlineData(new byte[] { 0x12, 0x05, 1, 2 })]                                             // data shorter than its length
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF })]                                             // a varint cut short
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // a varint past 64 bits
    [InlineData(new byte[] { 0x1B })]                                                         // a group (wire type 3)
    [InlineData(new byte[] { 0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]                           // a length past int.MaxValue
    public void A_malformed_message_is_refused(byte[] message)
    {
        Assert.ThrowsAny<Exception>(() => Parse(message));
    }

    private static ReceivedMessage Parse(byte[] message)
    {
        var invoker = new StreamingInvoker(_ => new TestAsyncStreamReader<ReceivedMessage>([]));
        new FileTransfer.FileTransferClient(invoker).FetchMessages(default);
        return ((Method<DownloadRequest, ReceivedMessage>)invoker.Method!).ResponseMarshaller.ContextualDeserializer(new PayloadContext(message));
    }

    private sealed class PayloadContext(byte[] payload) : DeserializationContext
    {
        public override int PayloadLength => payload.Length;

        public override byte[] PayloadAsNewBuffer() => payload.ToArray();

        public override System.Buffers.ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(payload);
    }
}
