using System.Net.Security;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using P2P.Contracts.Security;

namespace P2P.Connections;

/// <summary>
/// One gRPC channel per remote peer (and per certificate it is expected to show), reused by every transfer and by
/// the REST calls to that peer's TLS port. Every channel speaks TLS with this node's certificate and proves membership
/// before its first call (<see cref="MemberHandler"/>). Built on a plain SocketsHttpHandler rather than
/// the HttpClient factory, so the short-call resilience pipeline (and its 30 s total timeout) never applies to a
/// long stream; each call carries its own deadline instead. The URLs come from other parties, so channels are
/// bounded: one with no call in flight for <see cref="DefaultIdleLimit"/> is released, and past
/// <see cref="DefaultMaxChannels"/> the least recently used goes first (an unused one before one in use).
/// </summary>
public sealed class PeerChannels : IDisposable
{
    /// <summary>How long a channel with no call in flight is kept: 5 minutes.</summary>
    public static readonly TimeSpan DefaultIdleLimit = TimeSpan.FromMinutes(5);

    /// <summary>The most channels kept at once: 1,024.</summary>
    public const int DefaultMaxChannels = 1024;

    private const int ReadAheadBytes = 256 * 1024;

    private readonly Dictionary<string, (GrpcChannel Channel, ChannelUse Use)> _channels = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleLimit;
    private readonly int _maxChannels;
    private readonly Func<string?, HttpMessageHandler> _createHandler;
    private readonly ITimer _sweep;

    /// <param name="createHandler">The HTTP handler under each channel; by default TLS with membership over a tuned <see cref="SocketsHttpHandler"/>.</param>
    /// <param name="logger">Hears of every certificate a channel refuses.</param>
    public PeerChannels(
        NodeCredentials credentials, TimeProvider time, TimeSpan? idleLimit = null, int maxChannels = DefaultMaxChannels,
        Func<HttpMessageHandler>? createHandler = null, ILogger<PeerChannels>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChannels, 1);
        _time = time;
        _idleLimit = idleLimit ?? DefaultIdleLimit;
        _maxChannels = maxChannels;
        _createHandler = createHandler is null
            ? expected => NodeConnection.Create(credentials, new ServerPin(expected), time, Transport, logger)
            : _ => createHandler();
        // Checked at a fraction of the limit, so a channel outlives its idle limit by at most a quarter of it.
        var period = _idleLimit / 4;
        _sweep = time.CreateTimer(_ => ReleaseIdle(), null, period, period);
    }

    /// <summary>Channels currently kept.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _channels.Count;
            }
        }
    }

    /// <summary>The channel to <paramref name="grpcUrl"/>; with <paramref name="fingerprint"/>, one that refuses any other certificate.</summary>
    public GrpcChannel For(string grpcUrl, string? fingerprint = null) => Kept(grpcUrl, fingerprint).Channel;

    /// <summary>REST calls to the same TLS port, over the same connections and proof as its gRPC calls.</summary>
    public HttpMessageInvoker Invoker(string url, string? fingerprint = null) => new(Kept(url, fingerprint).Use, disposeHandler: false);

    private (GrpcChannel Channel, ChannelUse Use) Kept(string url, string? fingerprint)
    {
        var key = fingerprint is null ? url : $"{url} {fingerprint}";
        lock (_lock)
        {
            if (_channels.TryGetValue(key, out var kept))
            {
                kept.Use.Touch();
                return kept;
            }
            while (_channels.Count >= _maxChannels)
            {
                var oldest = _channels.OrderBy(c => c.Value.Use.InUse).ThenBy(c => c.Value.Use.LastUsed).First();
                Release(oldest.Key);
            }
            var use = new ChannelUse(_createHandler(fingerprint), _time);
            var created = (Create(url, use), use);
            _channels[key] = created;
            return created;
        }
    }

    public void Dispose()
    {
        _sweep.Dispose();
        lock (_lock)
        {
            foreach (var url in _channels.Keys.ToList())
            {
                Release(url);
            }
        }
    }

    private void ReleaseIdle()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var (url, kept) in _channels.ToList())
            {
                if (!kept.Use.InUse && now - kept.Use.LastUsed >= _idleLimit)
                {
                    Release(url);
                }
            }
        }
    }

    private void Release(string url)
    {
        if (_channels.Remove(url, out var kept))
        {
            kept.Channel.Dispose();
            // The handler holds the connections to a peer that may be gone; disposing it twice is harmless.
            kept.Use.Dispose();
        }
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new ReadAheadStream(new NetworkStream(socket, ownsSocket: true), ReadAheadBytes);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static GrpcChannel Create(string url, ChannelUse handler) => GrpcChannel.ForAddress(url, new GrpcChannelOptions
    {
        HttpHandler = handler,
        MaxReceiveMessageSize = 4 * 1024 * 1024,
        // A cancelled download (DELETE, or the peer stopping) then ends in OperationCanceledException, which the job
        // reports as cancelled; an RpcException(Cancelled) escaped it and left the job "running" for ever.
        ThrowOperationCanceledOnCancellation = true,
    });

    /// <summary>The transport tuned for chunk streams, with <paramref name="tls"/> (null only where a benchmark compares it in clear).</summary>
    public static SocketsHttpHandler Transport(SslClientAuthenticationOptions? tls) => new()
    {
        SslOptions = tls ?? new(),
        // Several chunk streams run at once; more than one connection keeps one HTTP/2 window from capping them all.
        EnableMultipleHttp2Connections = true,
        // The default 64 KiB stream window, scaled by RTT, stays small on fast links: every few messages then
        // wait a round trip for a window update. A chunk stream may have a whole chunk (1 MiB and the framing) in
        // flight instead; not more, since a window's worth of bytes may wait in memory for a slow reader.
        InitialHttp2StreamWindowSize = 2 * 1024 * 1024,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        KeepAlivePingDelay = TimeSpan.FromSeconds(30),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        // Frame-sized reads were a receive call each; see ReadAheadStream.
        ConnectCallback = ConnectAsync,
    };
}
