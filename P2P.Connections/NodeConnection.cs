using System.Net.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using P2P.Contracts.Security;

namespace P2P.Connections;

/// <summary>
/// The client side of a connection to another node's TLS port, whoever makes it (the engine, the Maestro client, a
/// friend lookup): this node's certificate, the server's checked by its <see cref="ServerPin"/>, and the membership proof.
/// </summary>
public static class NodeConnection
{
    /// <summary>
    /// A handler for calls to one server, proving membership over <paramref name="createTransport"/>'s TLS connections;
    /// <paramref name="logger"/> hears of every certificate refused.
    /// </summary>
    public static HttpMessageHandler Create(
        NodeCredentials credentials, ServerPin pin, TimeProvider time, Func<SslClientAuthenticationOptions, SocketsHttpHandler> createTransport,
        ILogger? logger = null) =>
        new MemberHandler(credentials, pin, time, () => createTransport(ClientTls(credentials.Identity, pin)), logger ?? NullLogger.Instance);

    /// <summary>A transport with nothing tuned but TLS, for short REST calls.</summary>
    public static SocketsHttpHandler PlainTransport(SslClientAuthenticationOptions tls) => new() { SslOptions = tls, ConnectTimeout = TimeSpan.FromSeconds(5) };

    private static SslClientAuthenticationOptions ClientTls(NodeIdentity identity, ServerPin pin)
    {
        var options = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = NodeTls.Protocols,
            // Always this node's certificate: the server names no authority it trusts, and needs one to bind the proof to.
            LocalCertificateSelectionCallback = (_, _, _, _, _) => identity.Certificate,
            RemoteCertificateValidationCallback = pin.Check,
        };
        NodeTls.ApplyCiphers(options);
        return options;
    }
}
