using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using P2P.Peer;
using P2P.Peer.Addresses;

namespace P2P.Tests.Unit;

public sealed class OutwardAddressTests
{
    [Fact]
    public void A_peer_on_every_interface_advertises_the_address_it_reaches_a_remote_Maestro_from()
    {
        var own = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.SkipWhen(own is null, "This machine has no non-loopback IPv4 address to stand for a Maestro elsewhere.");

        var options = Configured(new PeerOptions { Ip = "0.0.0.0", Port = 8001, GrpcPort = 50052, MaestroUrl = $"http://{own}:9000" });

        Assert.Equal($"http://{own}:8001", options.AdvertisedRestUrl);
        Assert.Equal($"https://{own}:50052", options.AdvertisedGrpcUrl);
    }

    [Theory]
    [InlineData("http://localhost:9000")]
    [InlineData("http://127.0.0.1:9000")]
    [InlineData("http://maestro")]
    public void A_Maestro_on_this_host_or_named_by_host_name_leaves_localhost(string maestroUrl)
    {
        var options = Configured(new PeerOptions { Ip = "0.0.0.0", Port = 8001, GrpcPort = 50052, MaestroUrl = maestroUrl });

        Assert.Equal("http://localhost:8001", options.AdvertisedRestUrl);
        Assert.Equal("https://localhost:50052", options.AdvertisedGrpcUrl);
    }

    [Fact]
    public void Explicit_urls_and_a_specific_ip_win()
    {
        var explicitUrls = Configured(new PeerOptions
        {
            Ip = "0.0.0.0", MaestroUrl = "http://192.0.2.77:9000", RestUrl = "http://p1.example:8000", GrpcUrl = "http://p1.example:50051",
        });
        var specificIp = Configured(new PeerOptions { Ip = "127.0.0.2", Port = 8100, GrpcPort = 50100, MaestroUrl = "http://192.0.2.77:9000" });

        Assert.Equal(("http://p1.example:8000", "http://p1.example:50051"), (explicitUrls.AdvertisedRestUrl, explicitUrls.AdvertisedGrpcUrl));
        Assert.Equal(("http://127.0.0.2:8100", "https://127.0.0.2:50100"), (specificIp.AdvertisedRestUrl, specificIp.AdvertisedGrpcUrl));
    }

    private static PeerOptions Configured(PeerOptions options)
    {
        new OutwardAddress().PostConfigure(null, options);
        return options;
    }
}
