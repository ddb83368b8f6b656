using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Grpc;

namespace P2P.Tests.Unit;

/// <summary>A peer's file services over a temp folder, and the helpers the transfer service's tests share.</summary>
public abstract class FileTransferServiceTestBase : IDisposable
{
    // 2.5 chunks: a whole chunk, another, and a short last one.
    protected const int MultiChunkSize = 2 * ChunkLayout.ChunkSize + ChunkLayout.ChunkSize / 2;

    protected TransferTestPeer Peer { get; } = new();

    protected CancellationToken Token { get; } = TestContext.Current.CancellationToken;

    public void Dispose() => Peer.Dispose();

    protected TestServerCallContext Context() => new(Token);

    protected async Task<List<FileChunk>> DownloadAsync(DownloadRequest request)
    {
        var stream = new TestServerStreamWriter<FileChunk>();
        await Peer.Service.Download(request, stream, Context());
        return [.. stream.Written];
    }

    protected static async Task<RpcException> AssertStatusAsync(StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, error.StatusCode);
        return error;
    }

    protected static UploadRequest Header(string name, long size, string sha256) =>
        new() { Header = new UploadHeader { FileName = name, Size = size, Sha256 = sha256 } };

    protected static UploadRequest Data(byte[] bytes) => new() { Data = ByteString.CopyFrom(bytes) };

    protected static TestAsyncStreamReader<UploadRequest> Upload(UploadRequest header, params IEnumerable<byte[]> data) =>
        new([header, .. data.Select(Data)]);

    protected static TestAsyncStreamReader<UploadRequest> Upload(byte[] dataOnly) => new([Data(dataOnly)]);

    protected static IEnumerable<byte[]> Messages(byte[] content, int size) => content.Chunk(size);

    protected static byte[] Concat(IEnumerable<FileChunk> chunks) => [.. chunks.SelectMany(c => c.Data.ToByteArray())];

    protected static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    protected static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
