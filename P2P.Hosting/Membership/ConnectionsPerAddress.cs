using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace P2P.Hosting.Membership;

/// <summary>
/// Bounds the TLS connections open at once from one address, counted before the handshake: whoever it is, one
/// address cannot hold the port's connections (each with its streams and TLS buffers) for itself.
/// </summary>
public static class ConnectionsPerAddress
{
    /// <summary>The most TLS connections one address keeps open at once: 64, far above what a node's channels use.</summary>
    public const int Limit = 64;

    public static ListenOptions UseConnectionsPerAddressLimit(this ListenOptions listen)
    {
        var open = new ConcurrentDictionary<IPAddress, int>();
        listen.Use(next => async connection =>
        {
            var address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
            if (open.AddOrUpdate(address, 1, (_, n) => n + 1) > Limit)
            {
                Leave(open, address);
                connection.Abort(new ConnectionAbortedException($"More than {Limit} connections from {address}."));
                return;
            }
            try
            {
                await next(connection);
            }
            finally
            {
                Leave(open, address);
            }
        });
        return listen;
    }

    private static void Leave(ConcurrentDictionary<IPAddress, int> open, IPAddress address)
    {
        if (open.AddOrUpdate(address, 0, (_, n) => n - 1) <= 0)
        {
            open.TryRemove(new KeyValuePair<IPAddress, int>(address, 0));
        }
    }
}
