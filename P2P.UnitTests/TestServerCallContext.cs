using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace P2P.Tests.Unit;

/// <summary>
/// A <see cref="ServerCallContext"/> for calling a gRPC service's methods directly, without a server: its HTTP context
/// carries the caller's address and, given one, the certificate it proved on its TLS connection.
/// </summary>
public sealed class TestServerCallContext : ServerCallContext
{
    private readonly CancellationToken _cancellationToken;
    private readonly string _peer;
    private readonly Metadata _requestHeaders = [];
    private readonly Metadata _responseTrailers = [];
    private readonly AuthContext _authContext = new(null, []);

    public TestServerCallContext(CancellationToken cancellationToken, string peer = "ipv4:127.0.0.1:50000", X509Certificate2? certificate = null)
    {
        _cancellationToken = cancellationToken;
        _peer = peer;
        var http = new DefaultHttpContext();
        http.Connection.ClientCertificate = certificate;
        http.Connection.RemoteIpAddress = IPAddress.TryParse(ClientOf(peer).Trim('[', ']'), out var address) ? address : null;
        // Where grpc-dotnet's GetHttpContext() looks for a context outside its own server.
        UserState["__HttpContext"] = http;
    }

    public Metadata? ResponseHeaders { get; private set; }

    protected override string MethodCore => "TestMethod";

    protected override string HostCore => "localhost";

    protected override string PeerCore => _peer;

    // No deadline: the call ends when the test's token says so.
    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => _requestHeaders;

    protected override CancellationToken CancellationTokenCore => _cancellationToken;

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

    private static string ClientOf(string peer) => P2P.Peer.Grpc.ClientTransferSlots.ClientOf(peer);
}
