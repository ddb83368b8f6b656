using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Contracts.Security;

namespace P2P.Tests.Integration;

/// <summary>
/// Issue 26, item 2: a client that proved nothing floods the Maestro's TLS port with large bodies of no declared length,
/// to a member's route and to the membership proof itself, over many HTTP/2 streams. None of it is read beyond a few
/// KiB, the Maestro's memory stays within a bound, and a member's calls keep succeeding meanwhile.
/// </summary>
[Collection(LimitsNetwork.Name)]
public sealed class UnprovenFloodTests(LimitsFixture network)
{
    private const int Streams = 8;
    private const int Rounds = 3;
    private const long BodyBytes = 32L * 1024 * 1024;

    /// <summary>What the flood may add to the Maestro's resident memory: far below one body per stream.</summary>
    private const long RssBoundBytes = 64L * 1024 * 1024;

    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Item2_an_unproven_flood_of_large_bodies_is_not_read_the_maestro_stays_small_and_members_are_served()
    {
        var pid = await ResourceProcess.ServicePidAsync(network.App, "maestro", TimeSpan.FromSeconds(30));
        var tls = new Uri(network.TlsUrl("maestro"));
        using var member = network.Members.Invoker(tls.ToString());
        await AssertMemberServedAsync(member, tls);
        var before = Rss(pid);
        var peak = before;

        using var outsider = Outsider();
        var answers = new List<HttpStatusCode?>();
        for (var round = 0; round < Rounds; round++)
        {
            var flood = Enumerable.Range(0, Streams).Select(i =>
                SendAsync(outsider, new Uri(tls, i % 2 == 0 ? MaestroRoutes.Register : MembershipRoutes.Proof))).ToList();
            await AssertMemberServedAsync(member, tls);
            answers.AddRange(await Task.WhenAll(flood));
            peak = Math.Max(peak, Rss(pid));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Maestro RSS {before / 1048576} MiB before the flood, at most {peak / 1048576} MiB during it.");
        Assert.True(peak - before < RssBoundBytes,
            $"The Maestro grew from {before / 1048576} MiB to {peak / 1048576} MiB under an unproven flood of {Streams} x {BodyBytes / 1048576} MiB bodies.");
        Assert.All(answers, a => Assert.True(a is null or HttpStatusCode.Unauthorized or HttpStatusCode.RequestEntityTooLarge, $"answered {a}"));
        Assert.Contains(answers, a => a is HttpStatusCode.Unauthorized);
        Assert.Contains(answers, a => a is HttpStatusCode.RequestEntityTooLarge);
        await AssertMemberServedAsync(member, tls);
    }

    private async Task AssertMemberServedAsync(HttpMessageInvoker member, Uri tls)
    {
        using var response = await member.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(tls, $"{MaestroRoutes.Locate}?file=none.bin")), _token);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>One flooding request; its status, or null when the server reset the stream before answering.</summary>
    private async Task<HttpStatusCode?> SendAsync(HttpMessageInvoker outsider, Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new EndlessJson(BodyBytes),
        };
        try
        {
            using var response = await outsider.SendAsync(request, _token);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static HttpMessageInvoker Outsider()
    {
        var identity = NodeIdentity.Ephemeral(TimeProvider.System);
        return new HttpMessageInvoker(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                LocalCertificateSelectionCallback = (_, _, _, _, _) => identity.Certificate,
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            },
            EnableMultipleHttp2Connections = false,
        });
    }

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>A JSON object whose one string goes on for <paramref name="bytes"/>, sent without a declared length.</summary>
    private sealed class EndlessJson : HttpContent
    {
        private readonly long _bytes;

        public EndlessJson(long bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync("{\"server_nonce\":\""u8.ToArray(), cancellationToken);
            var filler = new byte[64 * 1024];
            Array.Fill(filler, (byte)'a');
            for (long sent = 0; sent < _bytes; sent += filler.Length)
            {
                await stream.WriteAsync(filler, cancellationToken);
            }
            await stream.WriteAsync("\"}"u8.ToArray(), cancellationToken);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
