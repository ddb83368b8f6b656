using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace P2P.Peer.Addresses;

/// <summary>
/// Fills in <c>rest_url</c> and <c>grpc_url</c>, when they are unset and the peer listens on every interface, with
/// the address this host sends from toward the Maestro: the one other hosts reach it at, which the peer then names in
/// its own answers (friends' lookups, <c>/search</c>, <c>/info</c>). Left as <c>localhost</c> when the Maestro is on
/// this host or is named by a host name rather than an address.
/// </summary>
public sealed class OutwardAddress : IPostConfigureOptions<PeerOptions>
{
    public void PostConfigure(string? name, PeerOptions options)
    {
        if (!options.ListensOnEveryInterface || (options.RestUrl is not null && options.GrpcUrl is not null))
        {
            return;
        }
        if (Toward(options.MaestroUrls.FirstOrDefault() ?? "") is not { } address)
        {
            return;
        }
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        options.RestUrl ??= string.Create(CultureInfo.InvariantCulture, $"http://{host}:{options.Port}");
        options.GrpcUrl ??= string.Create(CultureInfo.InvariantCulture, $"https://{host}:{options.GrpcPort}");
    }

    /// <summary>The local address of a route to <paramref name="url"/>'s host, or null when there is none worth advertising.</summary>
    public static IPAddress? Toward(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IPAddress.TryParse(uri.DnsSafeHost, out var remote) || IPAddress.IsLoopback(remote))
        {
            return null;
        }
        try
        {
            // Connecting a UDP socket only picks the route and its source address: no packet leaves the host.
            using var socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(remote, uri.Port);
            var local = ((IPEndPoint)socket.LocalEndPoint!).Address;
            return IPAddress.IsLoopback(local) || local.IsIPv6LinkLocal ? null : local;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
