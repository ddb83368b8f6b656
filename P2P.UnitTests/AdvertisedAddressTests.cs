using System.Net;
using P2P.Maestro.Directory;

namespace P2P.Tests.Unit;

public sealed class AdvertisedAddressTests
{
    public static TheoryData<string, string, string> Replaced => new()
    {
        { "http://localhost:8000", "10.77.0.3", "http://10.77.0.3:8000" },
        { "http://0.0.0.0:50051", "10.77.0.3", "http://10.77.0.3:50051" },
        { "http://[::]:8000", "10.77.0.3", "http://10.77.0.3:8000" },
        { "http://127.0.0.5:8000", "10.77.0.3", "http://10.77.0.3:8000" },
        { "http://[::1]:8000", "fd00::7", "http://[fd00::7]:8000" },
        { "http://localhost:8000/", "::ffff:10.77.0.3", "http://10.77.0.3:8000/" },
        { "https://localhost/p2p", "10.77.0.3", "https://10.77.0.3:443/p2p" },
    };

    [Theory]
    [MemberData(nameof(Replaced))]
    public void A_loopback_or_wildcard_host_registered_from_another_host_becomes_the_address_it_came_from(string advertised, string remote, string recorded)
    {
        Assert.Equal(recorded, AdvertisedAddress.Resolve(advertised, IPAddress.Parse(remote)));
    }

    [Theory]
    [InlineData("http://10.77.0.9:8000", "10.77.0.3")]
    [InlineData("http://peer2.example:8000", "10.77.0.3")]
    [InlineData("http://localhost:8000", "127.0.0.1")]
    [InlineData("http://0.0.0.0:8000", "::1")]
    [InlineData("http://localhost:8000", "::ffff:127.0.0.1")]
    [InlineData("http://localhost:8000", "fe80::1")]
    public void An_explicit_address_or_a_registration_from_this_host_is_kept_as_advertised(string advertised, string remote)
    {
        Assert.Equal(advertised, AdvertisedAddress.Resolve(advertised, IPAddress.Parse(remote)));
    }

    [Fact]
    public void Without_a_known_source_the_advertised_address_is_kept()
    {
        Assert.Equal("http://localhost:8000", AdvertisedAddress.Resolve("http://localhost:8000", null));
    }
}
