using System.Globalization;
using System.Net;

namespace P2P.Maestro.Directory;

/// <summary>
/// Which address the directory records for a peer. A peer listening on every interface advertises <c>localhost</c> or
/// a wildcard, which no other host can reach; when its registration arrives from elsewhere, the directory records the
/// address it came from with the advertised port instead, as a BitTorrent tracker does. Any other host is kept as is.
/// </summary>
public static class AdvertisedAddress
{
    /// <summary>The URL to record for <paramref name="advertisedUrl"/>, an absolute URL, registered from <paramref name="remote"/>.</summary>
    public static string Resolve(string advertisedUrl, IPAddress? remote)
    {
        var uri = new Uri(advertisedUrl, UriKind.Absolute);
        if (remote is null || !IsUnreachableFromElsewhere(uri))
        {
            return advertisedUrl;
        }
        var source = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        // A link-local IPv6 source only means something with the Maestro's own interface index: no use to other hosts.
        if (IPAddress.IsLoopback(source) || source.IsIPv6LinkLocal)
        {
            return advertisedUrl;
        }

        var host = source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{source}]" : source.ToString();
        var path = uri.PathAndQuery == "/" && !advertisedUrl.EndsWith('/') ? "" : uri.PathAndQuery;
        return string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{host}:{uri.Port}{path}");
    }

    private static bool IsUnreachableFromElsewhere(Uri uri) =>
        uri.IsLoopback
        || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)));
}
