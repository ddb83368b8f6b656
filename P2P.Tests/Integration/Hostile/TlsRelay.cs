using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using P2P.Contracts.Security;

namespace P2P.Tests.Integration.Hostile;

/// <summary>
/// A man in the middle: it terminates the downloader's TLS with a certificate of its own, opens its own TLS connection
/// to the real source (with its own client certificate), and copies the bytes between the two, as a relay on the
/// path between two honest nodes would.
/// </summary>
public sealed class TlsRelay : IAsyncDisposable
{
    private static readonly List<SslApplicationProtocol> s_protocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly NodeIdentity _identity = NodeIdentity.Ephemeral(TimeProvider.System);
    private readonly Uri _target;
    private readonly Task _accepting;

    public TlsRelay(string target)
    {
        _target = new Uri(target);
        _listener.Start();
        Url = $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    public string Url { get; }

    /// <summary>The certificate the relay shows the downloader.</summary>
    public string Fingerprint => _identity.Fingerprint;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        _identity.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        try
        {
            await using var downstream = new SslStream(client.GetStream());
            await downstream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _identity.Certificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                ApplicationProtocols = s_protocols,
            }, _stop.Token);
            await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
            await using var toSource = new SslStream(upstream.GetStream());
            await toSource.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = _target.Host,
                LocalCertificateSelectionCallback = (_, _, _, _, _) => _identity.Certificate,
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                ApplicationProtocols = [downstream.NegotiatedApplicationProtocol],
            }, _stop.Token);
            await Task.WhenAny(downstream.CopyToAsync(toSource, _stop.Token), toSource.CopyToAsync(downstream, _stop.Token));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            // Either side hung up, or the relay stopped.
        }
    }
}
