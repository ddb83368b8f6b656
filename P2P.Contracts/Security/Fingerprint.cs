using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using P2P.Contracts.Files;

namespace P2P.Contracts.Security;

/// <summary>A node's identity on the wire: the SHA-256 of its certificate's DER encoding, as 64 lower-case hex digits.</summary>
public static class Fingerprint
{
    public const string Rule = "must be a certificate fingerprint: 64 lower-case hexadecimal digits.";

    public static string Of(X509Certificate certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData()));

    public static bool IsValid([NotNullWhen(true)] string? text) => Sha256Text.IsValid(text);
}
