using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace P2P.Contracts.Security;

/// <summary>
/// A node's key pair and self-signed certificate, as Syncthing's device certificates: no authority signs it, and the
/// node is known by its <see cref="Fingerprint"/>. Trust comes from the membership proof, never from the certificate.
/// </summary>
public sealed class NodeIdentity : IDisposable
{
    /// <summary>The file in a node's state folder holding its certificate and private key (PKCS #12, mode 0600).</summary>
    public const string FileName = "identity.p12";

    private NodeIdentity(X509Certificate2 certificate)
    {
        Certificate = certificate;
        Fingerprint = Security.Fingerprint.Of(certificate);
    }

    public X509Certificate2 Certificate { get; }

    public string Fingerprint { get; }

    /// <summary>The identity kept in <paramref name="stateFolder"/>, created there at the node's first start.</summary>
    public static NodeIdentity LoadOrCreate(string stateFolder, TimeProvider time) =>
        new(X509CertificateLoader.LoadPkcs12(StateFile.ReadOrCreate(Path.Combine(stateFolder, FileName), () => CreatePkcs12(time)), password: null));

    /// <summary>An identity for one run only, as the command line uses: its fingerprint means nothing after it exits.</summary>
    public static NodeIdentity Ephemeral(TimeProvider time) => new(X509CertificateLoader.LoadPkcs12(CreatePkcs12(time), password: null));

    public void Dispose() => Certificate.Dispose();

    private static byte[] CreatePkcs12(TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=p2p node", key, HashAlgorithmName.SHA256);
        var now = time.GetUtcNow();
        // A day back absorbs clock skew between hosts; no expiry a user must act on.
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        return certificate.Export(X509ContentType.Pkcs12);
    }
}
