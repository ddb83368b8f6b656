using System.Collections.Concurrent;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace P2P.Transfer;

/// <summary>
/// One gRPC channel per remote peer, reused by every transfer. Built on a plain SocketsHttpHandler rather than
/// the HttpClient factory, so the short-call resilience pipeline (and its 30 s total timeout) never applies to a
/// long stream; each call carries its own deadline instead.
/// </summary>
public sealed class PeerChannels : IDisposable
{
    private const int ReadAheadBytes = 256 * 1024;

    private readonly ConcurrentDictionary<string, Lazy<GrpcChannel>> _channels = new(StringComparer.OrdinalIgnoreCase);

    public GrpcChannel For(string grpcUrl) => _channels.GetOrAdd(grpcUrl, url => new Lazy<GrpcChannel>(() => Create(url))).Value;

    public void Dispose()
    {
        foreach (var channel in _channels.Values.Where(c => c.IsValueCreated))
        {
            channel.Value.Dispose();
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

    private static GrpcChannel Create(string url) => GrpcChannel.ForAddress(url, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
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
        },
        MaxReceiveMessageSize = 4 * 1024 * 1024,
        // A cancelled download (DELETE, or the peer stopping) then ends in OperationCanceledException, which the job
        // reports as cancelled; an RpcException(Cancelled) escaped it and left the job "running" for ever.
        ThrowOperationCanceledOnCancellation = true,
    });
}
