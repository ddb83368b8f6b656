using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using P2P.Contracts.Security;

namespace P2P.Hosting.Membership;

/// <summary>
/// Turns one named Kestrel endpoint into the node's TLS port: its own self-signed certificate, a client certificate
/// required of every caller and accepted whoever signed it (trust comes from the membership proof, not from a CA),
/// HTTP/2 (gRPC) and HTTP/1.1 (REST) chosen by ALPN, connections and streams per address bounded. No developer
/// certificate is ever looked for.
/// </summary>
public static class TlsEndpoint
{
    /// <summary>The HTTP/2 streams one connection may have open at once: 32 (Kestrel's default is 100).</summary>
    public const int MaxStreamsPerConnection = 32;

    /// <summary>The connections the node holds open at once, on all its ports: 1,000.</summary>
    public const int MaxConnections = 1_000;

    /// <summary>The size of a request's headers: 16 KiB (Kestrel's default is 32 KiB).</summary>
    public const int MaxHeaderBytes = 16 * 1024;

    public static WebApplicationBuilder AddTlsEndpoint(this WebApplicationBuilder builder, string endpoint)
    {
        var section = builder.Configuration.GetSection($"Kestrel:Endpoints:{endpoint}");
        if (string.IsNullOrEmpty(section["Url"]))
        {
            // Without the endpoint the callback below never runs, and the node would speak to other machines in clear.
            throw new InvalidOperationException($"The Kestrel endpoint '{endpoint}' (the TLS port) has no Url.");
        }
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var identity = kestrel.ApplicationServices.GetRequiredService<NodeIdentity>();
            // Every stream may hold a flow-control window of unread body, so an unproven client's streams stay few.
            kestrel.Limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
            kestrel.Limits.MaxConcurrentConnections = MaxConnections;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxHeaderBytes;
            kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false)
                .Endpoint(endpoint, configured =>
                {
                    configured.ListenOptions.Protocols = HttpProtocols.Http1AndHttp2;
                    configured.ListenOptions.UseConnectionsPerAddressLimit();
                    configured.ListenOptions.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = identity.Certificate,
                        ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                        ClientCertificateValidation = static (_, _, _) => true,
                        SslProtocols = NodeTls.Protocols,
                        OnAuthenticate = static (_, options) => NodeTls.ApplyCiphers(options),
                    });
                    configured.ListenOptions.UseLargeTlsRecords();
                });
        });
        return builder;
    }
}
