using System.Net;
using P2P.Contracts.Peers;
using P2P.Hosting.Security;

namespace P2P.Tests.Integration;

/// <summary>Issue 26 item 3: the plain port answers this machine's tools, never a rebound host name or another site.</summary>
[Collection(SharedNetwork.Name)]
public sealed class CrossSiteTests(AppHostFixture network)
{
    private static readonly string s_locate = $"{PeerRoutes.Locate}?file={SampleFiles.Shared}&mode=local";
    private readonly HttpClient _peer1 = network.Client("peer1");
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Item3_the_plain_port_refuses_a_rebound_host_name_and_a_cross_site_locate_but_serves_curl()
    {
        using var rebound = new HttpRequestMessage(HttpMethod.Get, s_locate);
        rebound.Headers.Host = "attacker.example";
        using var crossSite = new HttpRequestMessage(HttpMethod.Get, s_locate);
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var foreignOrigin = new HttpRequestMessage(HttpMethod.Get, s_locate);
        foreignOrigin.Headers.Add("Origin", "http://attacker.example");

        using var reboundAnswer = await _peer1.SendAsync(rebound, _token);
        using var crossSiteAnswer = await _peer1.SendAsync(crossSite, _token);
        using var foreignAnswer = await _peer1.SendAsync(foreignOrigin, _token);
        using var curl = await _peer1.GetAsync(s_locate, _token);

        var host = await reboundAnswer.AssertProblemAsync(HttpStatusCode.MisdirectedRequest);
        Assert.Equal(PlainPortGuard.HostDetail, host.GetProperty("detail").GetString());
        foreach (var refused in new[] { crossSiteAnswer, foreignAnswer })
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal(PlainPortGuard.CrossSiteDetail, problem.GetProperty("detail").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, curl.StatusCode);
    }
}
