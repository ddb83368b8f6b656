using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using P2P.Contracts.Security;

namespace P2P.Transfer.Connections;

/// <summary>
/// What one server's TLS certificates have shown, for the client of that one server: the fingerprint it was told to
/// expect (from the directory or a friend), if any, is required at the handshake; otherwise the latest fingerprint seen
/// is what the membership proof gets bound to.
/// </summary>
public sealed class ServerPin(string? expected)
{
    private readonly Lock _lock = new();
    private string? _observed;
    private string? _refused;
    private int _changes;

    public string? Expected { get; } = expected;

    /// <summary>The fingerprint the server's last accepted handshake showed.</summary>
    public string? Observed
    {
        get
        {
            lock (_lock)
            {
                return _observed;
            }
        }
    }

    /// <summary>The fingerprint of a certificate refused for not being <see cref="Expected"/>.</summary>
    public string? Refused
    {
        get
        {
            lock (_lock)
            {
                return _refused;
            }
        }
    }

    /// <summary>Counts changes of the server's certificate: a proof made before one no longer holds.</summary>
    public int Changes
    {
        get
        {
            lock (_lock)
            {
                return _changes;
            }
        }
    }

    /// <summary>The handshake's check: any self-signed certificate will do unless another was expected.</summary>
    public bool Check(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }
        var fingerprint = Fingerprint.Of(certificate);
        lock (_lock)
        {
            if (Expected is not null && fingerprint != Expected)
            {
                _refused = fingerprint;
                return false;
            }
            if (_observed != fingerprint)
            {
                _observed = fingerprint;
                _changes++;
            }
            return true;
        }
    }
}
