using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using P2P.Contracts.Security;

namespace P2P.Connections;

/// <summary>
/// Which certificates one client accepts from its one server, checked at every TLS handshake. The fingerprint it was
/// told to expect (the directory's record, a friend's answer, <c>maestro_fingerprint</c>), if any, is the only one ever
/// accepted. Otherwise any certificate is accepted until the server proves membership with one, and from then on only
/// that one, on every connection and protocol: a relay that takes over later connections gets none of them.
/// </summary>
public sealed class ServerPin(string? expected)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _acceptedUnproven = new(StringComparer.Ordinal);
    private string? _observed;
    private string? _proven;
    private string? _refused;
    private int _changes;

    public string? Expected { get; } = expected;

    /// <summary>The one fingerprint accepted now: the expected one, or the one the server proved membership with.</summary>
    public string? Required
    {
        get
        {
            lock (_lock)
            {
                return Expected ?? _proven;
            }
        }
    }

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

    /// <summary>The fingerprint of the last certificate refused for not being <see cref="Required"/>.</summary>
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

    /// <summary>Counts changes of the server's certificate before a proof: a proof made before one no longer holds.</summary>
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

    /// <summary>The handshake's check: only <see cref="Required"/> once there is one, any certificate before.</summary>
    public bool Check(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }
        var fingerprint = Fingerprint.Of(certificate);
        lock (_lock)
        {
            if ((Expected ?? _proven) is { } required && fingerprint != required)
            {
                _refused = fingerprint;
                return false;
            }
            if (_proven is null)
            {
                _acceptedUnproven.Add(fingerprint);
            }
            if (_observed != fingerprint)
            {
                _observed = fingerprint;
                _changes++;
            }
            return true;
        }
    }

    /// <summary>
    /// Records that the server proved membership with <paramref name="fingerprint"/>, which from now on is the only
    /// certificate accepted; true when connections with other certificates were accepted before, which must be closed.
    /// </summary>
    public bool Proven(string fingerprint)
    {
        lock (_lock)
        {
            _proven = fingerprint;
            var others = _acceptedUnproven.Any(f => f != fingerprint);
            _acceptedUnproven.Clear();
            return others;
        }
    }
}
