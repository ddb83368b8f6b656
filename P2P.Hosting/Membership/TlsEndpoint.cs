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
            kestrel.Limits.Http2.MaxStreamsPerConnection = ConnectionsPerAddress.StreamsPerConnection;
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
