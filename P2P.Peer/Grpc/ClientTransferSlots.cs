using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace P2P.Peer.Grpc;

/// <summary>
/// Counts the transfers each client has in flight, so that one client cannot take every stream and file handle this
/// peer has (<c>max_transfers_per_client</c>).
/// </summary>
public sealed class ClientTransferSlots(IOptions<PeerOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Takes a slot for <paramref name="client"/>; false when it already has as many transfers as it may.</summary>
    public bool TryAcquire(string client)
    {
        var limit = options.Value.MaxTransfersPerClient;
        while (true)
        {
            var current = _inFlight.GetOrAdd(client, 0);
            if (current >= limit)
            {
                return false;
            }
            if (_inFlight.TryUpdate(client, current + 1, current))
            {
                return true;
            }
        }
    }

    public void Release(string client)
    {
        while (true)
        {
            var current = _inFlight[client];
            if (current == 1 && _inFlight.TryRemove(new KeyValuePair<string, int>(client, 1)))
            {
                return;
            }
            if (current > 1 && _inFlight.TryUpdate(client, current - 1, current))
            {
                return;
            }
        }
    }

    /// <summary>Transfers <paramref name="client"/> has in flight.</summary>
    public int InFlight(string client) => _inFlight.GetValueOrDefault(client);

    /// <summary>
    /// The client's address from a gRPC peer string (<c>ipv4:10.0.0.1:5000</c>, <c>ipv6:[::1]:5000</c>), without the port:
    /// a client opens connections from many ports.
    /// </summary>
    public static string ClientOf(string peer)
    {
        var address = peer[(peer.IndexOf(':', StringComparison.Ordinal) + 1)..];
        if (address.StartsWith('['))
        {
            var end = address.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? address[..(end + 1)] : address;
        }
        var portAt = address.LastIndexOf(':');
        return portAt > 0 && address.IndexOf(':', StringComparison.Ordinal) == portAt ? address[..portAt] : address;
    }
}
