using System.Net.Security;
using System.Security.Authentication;

namespace P2P.Contracts.Security;

/// <summary>The TLS every connection between nodes uses, both ends alike: TLS 1.3 only, AES-GCM first (AES-NI makes it the cheapest).</summary>
public static class NodeTls
{
    public const SslProtocols Protocols = SslProtocols.Tls13;

    /// <summary>Applies the cipher order where the platform lets a program choose it (Linux); elsewhere the system's TLS 1.3 default stands.</summary>
    public static void ApplyCiphers(SslClientAuthenticationOptions options)
    {
        if (OperatingSystem.IsLinux())
        {
            options.CipherSuitesPolicy = Ciphers();
        }
    }

    /// <inheritdoc cref="ApplyCiphers(SslClientAuthenticationOptions)"/>
    public static void ApplyCiphers(SslServerAuthenticationOptions options)
    {
        if (OperatingSystem.IsLinux())
        {
            options.CipherSuitesPolicy = Ciphers();
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static CipherSuitesPolicy Ciphers() =>
        new([TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256]);
}
