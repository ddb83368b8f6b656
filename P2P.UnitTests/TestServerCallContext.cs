using Grpc.Core;

namespace P2P.Tests.Unit;

/// <summary>A <see cref="ServerCallContext"/> for calling a gRPC service's methods directly, without a server.</summary>
public sealed class TestServerCallContext(CancellationToken cancellationToken, string peer = "ipv4:127.0.0.1:50000") : ServerCallContext
{
    private readonly Metadata _requestHeaders = [];
    private readonly Metadata _responseTrailers = [];
    private readonly AuthContext _authContext = new(null, []);

    public Metadata? ResponseHeaders { get; private set; }

    protected override string MethodCore => "TestMethod";

    protected override string HostCore => "localhost";

    protected override string PeerCore => peer;

    // No deadline: the call ends when the test's token says so.
    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => _requestHeaders;

    protected override CancellationToken CancellationTokenCore => cancellationToken;

    protected override Metadata ResponseTrailersCore => _responseTrailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => _authContext;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("Unit tests make no outgoing calls.");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders)
    {
        ResponseHeaders = ResponseHeaders is null ? responseHeaders : throw new InvalidOperationException("Response headers were already written.");
        return Task.CompletedTask;
    }
}
