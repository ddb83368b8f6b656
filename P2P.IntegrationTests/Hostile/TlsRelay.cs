using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using P2P.Contracts.Security;

namespace P2P.Tests.Integration.Hostile;

/// <summary>
/// A man in the middle: it terminates the downloader's TLS with a certificate of its own, opens its own TLS connection
/// to the real source (with its own client certificate), and copies the bytes between the two, as a relay on the
/// path between two honest nodes would. Made with <see cref="TakingOverAfterFirst"/>, it passes the first connection
/// through untouched (the client's TLS reaches the real server) and answers every later one itself, with its own
/// certificate, counting what the client sends it there.
/// </summary>
public sealed class TlsRelay : IAsyncDisposable
{
    private static readonly List<SslApplicationProtocol> s_protocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly NodeIdentity _identity = NodeIdentity.Ephemeral(TimeProvider.System);
    private readonly Uri _target;
    private readonly Task _accepting;
    private readonly bool _takesOverAfterFirst;
    private readonly CancellationTokenSource _cutPassage = new();
    private int _connections;
    private long _bytesToImpostor;

    public TlsRelay(string target, bool takesOverAfterFirst = false)
    {
        _target = new Uri(target);
        _takesOverAfterFirst = takesOverAfterFirst;
        _listener.Start();
        Url = $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    public string Url { get; }

    /// <summary>The certificate the relay shows the downloader.</summary>
    public string Fingerprint => _identity.Fingerprint;

    /// <summary>A relay that passes the first connection to the real server and answers every later one itself.</summary>
    public static TlsRelay TakingOverAfterFirst(string target) => new(target, takesOverAfterFirst: true);

    /// <summary>Bytes the client sent the relay inside a TLS session with the relay's own certificate.</summary>
    public long BytesToImpostor => Interlocked.Read(ref _bytesToImpostor);

    /// <summary>Closes the connection passed through, so the client's next call needs a new one.</summary>
    public Task CutPassageAsync() => _cutPassage.CancelAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _cutPassage.Dispose();
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
            var first = Interlocked.Increment(ref _connections) == 1;
            _ = !_takesOverAfterFirst ? RelayAsync(client) : first ? PassAsync(client) : ImpersonateAsync(client);
        }
    }

    /// <summary>Copies the raw bytes both ways: the client's TLS session is with the real server.</summary>
    private async Task PassAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, _cutPassage.Token);
        try
        {
            await upstream.ConnectAsync(_target.Host, _target.Port, cut.Token);
            await Task.WhenAny(
                client.GetStream().CopyToAsync(upstream.GetStream(), cut.Token), upstream.GetStream().CopyToAsync(client.GetStream(), cut.Token));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // Either side hung up, or the test cut the passage.
        }
    }

    /// <summary>Answers as the server with the relay's own certificate, and counts what the client sends once the session is up.</summary>
    private async Task ImpersonateAsync(TcpClient client)
    {
        using var _ = client;
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
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await downstream.ReadAsync(buffer, _stop.Token)) > 0)
            {
                Interlocked.Add(ref _bytesToImpostor, read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            // The client refused the relay's certificate, or hung up.
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
