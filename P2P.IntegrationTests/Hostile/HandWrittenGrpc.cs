using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace P2P.Tests.Integration.Hostile;

/// <summary>gRPC over HTTP/2 written by hand, byte by byte, so that a <see cref="LyingSourcePeer"/> can send what no gRPC library would.</summary>
public static class HandWrittenGrpc
{
    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    public static void StartResponse(HttpContext http)
    {
        http.Response.ContentType = "application/grpc";
        http.Response.DeclareTrailer("grpc-status");
    }

    public static void WriteFrame(PipeWriter writer, ReadOnlySpan<byte> payload, int? declaredLength = null)
    {
        var frame = writer.GetSpan(5 + payload.Length);
        frame[0] = 0;
        BinaryPrimitives.WriteInt32BigEndian(frame[1..], declaredLength ?? payload.Length);
        payload.CopyTo(frame[5..]);
        writer.Advance(5 + payload.Length);
    }

    /// <summary>Reads one length-prefixed gRPC message, or null at the end of the caller's stream.</summary>
    public static async Task<byte[]?> ReadMessageAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        var prefix = new byte[5];
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length >= 5)
            {
                buffer.Slice(0, 5).CopyTo(prefix);
                var length = BinaryPrimitives.ReadInt32BigEndian(prefix.AsSpan(1));
                if (buffer.Length >= 5 + length)
                {
                    var message = buffer.Slice(5, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(5 + length));
                    return message;
                }
            }
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
