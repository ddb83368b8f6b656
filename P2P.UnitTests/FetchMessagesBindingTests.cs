using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using P2P.Contracts.Transfer.V1;

namespace P2P.Tests.Unit;

/// <summary>
/// <see cref="FileTransfer.FileTransferClient.FetchMessages"/> stands in for the generated <c>Fetch</c> and borrows its
/// request marshaller: these fail when a Grpc.Tools upgrade changes what it binds to, and show that what goes wrong on
/// the wire reaches the engine as an <see cref="RpcException"/> with a status, as from the generated client.
/// </summary>
public sealed class FetchMessagesBindingTests
{
    [Fact]
    public void FetchMessages_calls_the_generated_Fetch_method_with_its_request_marshaller()
    {
        var generated = MethodOf<FileChunk>(client => client.Fetch());
        var messages = MethodOf<ReceivedMessage>(client => client.FetchMessages(default));
        var described = FileTransfer.Descriptor.FindMethodByName("Fetch");

        Assert.Equal((generated.FullName, generated.Type), (messages.FullName, messages.Type));
        Assert.Equal((described.Service.FullName, described.Name), (messages.ServiceName, messages.Name));
        Assert.True(described.IsClientStreaming && described.IsServerStreaming);
        Assert.Same(generated.RequestMarshaller, messages.RequestMarshaller);
        Assert.Same(DownloadRequest.Descriptor, described.InputType);
        Assert.Same(FileChunk.Descriptor, described.OutputType);
    }

    [Fact]
    public void FileChunk_still_has_the_two_fields_the_hand_reader_reads()
    {
        Assert.Equal(
            [(1, "offset", FieldType.Int64), (2, "data", FieldType.Bytes)],
            FileChunk.Descriptor.Fields.InFieldNumberOrder().Select(f => (f.FieldNumber, f.Name, f.FieldType)));
    }

    [Fact]
    public async Task A_malformed_message_ends_the_call_with_an_Internal_status()
    {
        // A data field that declares 5 bytes and carries none.
        using var handler = new OneResponse(() => new ByteArrayContent(Frame([0x12, 0x05])));

        var error = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(handler));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public async Task A_connection_lost_mid_message_ends_the_call_with_an_Unavailable_status()
    {
        var message = new FileChunk { Offset = 0, Data = ByteString.CopyFrom(new byte[1000]) }.ToByteArray();
        using var handler = new OneResponse(() => new StreamContent(new ResetAfter(Frame(message)[..500])));

        var error = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(handler));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    private static Method<DownloadRequest, TResponse> MethodOf<TResponse>(Action<FileTransfer.FileTransferClient> call)
        where TResponse : class
    {
        var invoker = new StreamingInvoker(_ => new TestAsyncStreamReader<TResponse>([]));
        call(new FileTransfer.FileTransferClient(invoker));
        return (Method<DownloadRequest, TResponse>)invoker.Method!;
    }

    private static async Task ReadAllAsync(HttpMessageHandler handler)
    {
        using var channel = GrpcChannel.ForAddress("http://source.test", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
        using var call = new FileTransfer.FileTransferClient(channel).FetchMessages(new CallOptions(cancellationToken: TestContext.Current.CancellationToken));
        while (await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken))
        {
            call.ResponseStream.Current.Dispose();
        }
    }

    /// <summary>A gRPC message frame: not compressed, a big-endian length, the message.</summary>
    private static byte[] Frame(byte[] message) =>
        [0, (byte)(message.Length >> 24), (byte)(message.Length >> 16), (byte)(message.Length >> 8), (byte)message.Length, .. message];

    /// <summary>Answers the call at once with a successful gRPC response whose body is <paramref name="content"/>.</summary>
    private sealed class OneResponse(Func<HttpContent> content) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = content(), RequestMessage = request };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            response.TrailingHeaders.Add("grpc-status", "0");
            return Task.FromResult(response);
        }
    }

    /// <summary>A response body that gives <paramref name="bytes"/>, then fails as a reset connection does.</summary>
    private sealed class ResetAfter(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            base.Read(buffer, offset, count) is > 0 and var read ? read : throw new IOException("The connection was reset.");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            await base.ReadAsync(buffer, cancellationToken) is > 0 and var read ? read : throw new IOException("The connection was reset.");
    }
}
