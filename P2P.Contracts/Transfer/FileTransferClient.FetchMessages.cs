using System.Buffers;
using Grpc.Core;

namespace P2P.Contracts.Transfer.V1;

public static partial class FileTransfer
{
    /// <summary>
    /// <c>Fetch</c> as a downloader calls it. Same wire format, but each <c>FileChunk</c> is parsed into a pooled array
    /// instead of a new ByteString: the generated call allocates (and zeroes) an array for every message, which at a few
    /// hundred MB/s keeps the garbage collector busy (bench/FetchReader, bench/results.md). It borrows the generated
    /// request marshaller; FetchMessagesBindingTests fail if that changes.
    /// A nested class, so that it is built after the generated fields it uses (partial files initialise in no set order).
    /// </summary>
    private static class FetchMessagesMethod
    {
        public static readonly Method<DownloadRequest, ReceivedMessage> Instance = new(
            MethodType.DuplexStreaming, __ServiceName, "Fetch", __Marshaller_p2p_transfer_v1_DownloadRequest,
            Marshallers.Create<ReceivedMessage>((_, _) => throw new NotSupportedException("A downloader only receives FileChunk messages."), ParseMessage));
    }

    public partial class FileTransferClient
    {
        /// <summary>Fetches ranges of one file, pipelined; every message received must be disposed, which gives its array back.</summary>
        public AsyncDuplexStreamingCall<DownloadRequest, ReceivedMessage> FetchMessages(CallOptions options) =>
            CallInvoker.AsyncDuplexStreamingCall(FetchMessagesMethod.Instance, null, options);
    }

    /// <summary>Reads the two fields of a FileChunk (1: int64 offset, 2: bytes data), skipping any unknown field as protobuf does.</summary>
    private static ReceivedMessage ParseMessage(DeserializationContext context)
    {
        var reader = new SequenceReader<byte>(context.PayloadAsReadOnlySequence());
        long offset = 0;
        byte[]? data = null;
        var length = 0;
        try
        {
            while (!reader.End)
            {
                var tag = ReadVarint(ref reader);
                switch (tag)
                {
                    case (1 << 3) | 0:
                        offset = (long)ReadVarint(ref reader);
                        break;
                    case (2 << 3) | 2:
                        // Checked against the bytes actually in the message before any memory is rented for them.
                        var declared = ReadVarint(ref reader);
                        if (declared > (ulong)reader.Remaining)
                        {
                            throw Malformed();
                        }
                        var size = (int)declared;
                        if (data is not null)
                        {
                            ArrayPool<byte>.Shared.Return(data);
                        }
                        data = ArrayPool<byte>.Shared.Rent(size);
                        length = size;
                        if (!reader.TryCopyTo(data.AsSpan(0, size)))
                        {
                            throw Malformed();
                        }
                        reader.Advance(size);
                        break;
                    default:
                        Skip(ref reader, (int)(tag & 7));
                        break;
                }
            }
        }
        catch
        {
            if (data is not null)
            {
                ArrayPool<byte>.Shared.Return(data);
            }
            throw;
        }
        return new ReceivedMessage(offset, data ?? ArrayPool<byte>.Shared.Rent(0), length);
    }

    private static ulong ReadVarint(ref SequenceReader<byte> reader)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (!reader.TryRead(out var b))
            {
                throw Malformed();
            }
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw Malformed();
    }

    private static void Skip(ref SequenceReader<byte> reader, int wireType)
    {
        if (wireType == 0)
        {
            ReadVarint(ref reader);
            return;
        }
        var size = wireType switch
        {
            1 => 8,
            2 => ReadVarint(ref reader) is var declared && declared <= (ulong)reader.Remaining ? (long)declared : throw Malformed(),
            5 => 4,
            _ => throw Malformed(),
        };
        if (reader.Remaining < size)
        {
            throw Malformed();
        }
        reader.Advance(size);
    }

    /// <summary>Thrown from the deserializer, which grpc-dotnet turns into an <see cref="RpcException"/> with status Internal.</summary>
    private static InvalidDataException Malformed() => new("The FileChunk message is malformed.");
}
