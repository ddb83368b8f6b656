using Microsoft.AspNetCore.Http;
using P2P.Hosting.Limits;
using P2P.Hosting.Security;

namespace P2P.Tests.Unit;

/// <summary>Issue 26 item 3 (the names and browser headers the plain port accepts) and item 2 (a body counted while read).</summary>
public sealed class PlainPortGuardTests
{
    [Theory]
    [InlineData("localhost", null, true)]
    [InlineData("LOCALHOST", null, true)]
    [InlineData("127.0.0.1", null, true)]
    [InlineData("127.3.4.5", null, true)]
    [InlineData("[::1]", null, true)]
    [InlineData("192.168.1.20", "192.168.1.20", true)]
    [InlineData("attacker.example", null, false)]
    [InlineData("attacker.example", "0.0.0.0", false)]
    [InlineData("192.168.1.20", null, true)]
    [InlineData("rebound.example", "192.168.1.20", false)]
    [InlineData("", null, false)]
    public void Item3_the_plain_port_answers_only_names_of_this_machine(string host, string? ip, bool served) =>
        Assert.Equal(served, PlainPortGuard.IsLocalName(host, ip));

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("none", null, false)]
    [InlineData("same-origin", "http://localhost:8000", false)]
    [InlineData("cross-site", null, true)]
    [InlineData("same-site", null, true)]
    [InlineData(null, "http://attacker.example", true)]
    [InlineData(null, "null", true)]
    public void Item3_a_browser_that_says_it_comes_from_another_site_is_cross_site(string? site, string? origin, bool crossSite)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost:8000");
        if (site is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = site;
        }
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        Assert.Equal(crossSite, PlainPortGuard.IsCrossSite(context.Request));
    }

    [Fact]
    public async Task Item2_a_body_past_its_cap_fails_with_413_once_the_cap_is_read_not_after_the_whole_body()
    {
        var source = new CountingSource();
        var body = new CappedBodyStream(source, 4096);
        var buffer = new byte[1024];

        var error = await Assert.ThrowsAsync<BadHttpRequestException>(async () =>
        {
            while (await body.ReadAsync(buffer, TestContext.Current.CancellationToken) > 0)
            {
            }
        });

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, error.StatusCode);
        Assert.True(body.Exceeded);
        Assert.InRange(source.Consumed, 4097, 4096 + 1024);
    }

    /// <summary>An endless body, as a client without a declared length may send.</summary>
    private sealed class CountingSource : Stream
    {
        public long Consumed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Consumed; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Consumed += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
