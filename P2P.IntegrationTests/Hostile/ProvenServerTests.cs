using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using P2P.Connections;
using P2P.Peer;
using P2P.Peer.Maestro;

namespace P2P.Tests.Integration.Hostile;

/// <summary>
/// Issue 26, item 1: once a server has proven membership, a client sends nothing to any other certificate, on any
/// connection or protocol; a configured Maestro fingerprint is required before the first byte. The server here is a
/// member's TLS port that answers REST calls over HTTP/1.1 and HTTP/2, as the Maestro's does.
/// </summary>
public sealed class ProvenServerTests : IAsyncLifetime
{
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;
    private readonly RecordingLogger _log = new();
    private LoopbackServer _server = null!;
    private int _requests;

    public async ValueTask InitializeAsync() =>
        _server = await LoopbackServer.StartAsync(HttpProtocols.Http1AndHttp2, _ => { }, app =>
        {
            app.Use((context, next) =>
            {
                Interlocked.Increment(ref _requests);
                return next(context);
            });
            app.MapGet("/ping", () => "pong");
        }, _token, TestMembers.Holding());

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Item1_a_relay_that_takes_over_after_the_proof_gets_no_call_on_any_connection_and_the_refusal_is_logged()
    {
        await using var relay = TlsRelay.TakingOverAfterFirst(_server.Url);
        using var client = Client(new ServerPin(expected: null), relay.Url);

        // An HTTP/1.1 call, as the Maestro and friend clients make: before the fix it opened a second connection, which the relay answered.
        Assert.Equal("pong", await client.GetStringAsync("/ping", _token));
        Assert.Equal("pong", await client.GetStringAsync("/ping", _token));
        await relay.CutPassageAsync();
        var refused = await RefusedAsync(client);

        Assert.Equal(0, relay.BytesToImpostor);
        Assert.Contains(relay.Fingerprint, refused.Message);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(relay.Fingerprint) && e.Message.Contains("nothing was sent"));
    }

    [Fact]
    public async Task Item1_a_configured_fingerprint_that_is_not_the_servers_sends_not_even_the_challenge()
    {
        var other = TestMembers.Holding().Identity.Fingerprint;
        using var client = Client(new ServerPin(other), _server.Url);

        var refused = await Assert.ThrowsAsync<MembershipException>(() => client.GetStringAsync("/ping", _token));

        Assert.Equal(0, Volatile.Read(ref _requests));
        Assert.Contains(other, refused.Message);
    }

    [Fact]
    public async Task Item1_a_server_that_offers_only_HTTP1_gets_no_call_not_even_the_challenge()
    {
        var requests = 0;
        await using var http1Only = await LoopbackServer.StartAsync(HttpProtocols.Http1, _ => { }, app => app.Use((context, next) =>
        {
            Interlocked.Increment(ref requests);
            return next(context);
        }), _token, TestMembers.Holding());
        using var client = Client(new ServerPin(expected: null), http1Only.Url);

        // The proof and the calls it covers share one HTTP/2 connection; a second protocol would mean a second, unproven one.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync("/ping", _token));

        Assert.Equal(0, Volatile.Read(ref requests));
    }

    [Fact]
    public void Item1_maestro_fingerprint_is_the_pin_of_the_maestro_client_and_is_checked_at_start()
    {
        var fingerprint = TestMembers.Holding().Identity.Fingerprint;
        using var host = MaestroClientHost(fingerprint);
        Assert.Equal(fingerprint, host.Services.GetRequiredService<MaestroPin>().Pin.Expected);

        var options = new PeerOptions
        {
            Id = "P1", SharedDir = "shared", MaestroUrl = "https://localhost:9443", NetworkKey = new string('k', 32), MaestroFingerprint = "ABC",
        };
        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();
        Assert.Contains(errors, e => e.MemberNames.Contains("maestro_fingerprint"));
    }

    /// <summary>The next calls' refusal: the first call after the cut may instead meet the closed connection.</summary>
    private async Task<MembershipException> RefusedAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await client.GetStringAsync("/ping", _token);
            }
            catch (MembershipException e)
            {
                return e;
            }
            catch (HttpRequestException)
            {
                // The connection the relay closed.
            }
        }
        throw new Xunit.Sdk.XunitException("No call was refused for the relay's certificate.");
    }

    private HttpClient Client(ServerPin pin, string url) =>
        new(NodeConnection.Create(TestMembers.Holding(), pin, TimeProvider.System, NodeConnection.PlainTransport, _log)) { BaseAddress = new Uri(url) };

    private static IHost MaestroClientHost(string fingerprint)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Peer:maestro_url"] = "https://localhost:9443",
            ["Peer:maestro_fingerprint"] = fingerprint,
        });
        builder.Services.AddOptions<PeerOptions>().BindConfiguration(PeerOptions.SectionName);
        builder.AddMaestroClient();
        return builder.Build();
    }
}
