using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P2P.Peer.Maestro;
using P2P.Peer.Registration;

namespace P2P.Tests.Unit;

/// <summary>
/// Heartbeats leave no trace at either end while the Maestro answers them; one it does not know is traced, with the
/// registration it leads to in the same trace, each span named by its route.
/// </summary>
public sealed class HeartbeatTracingTests : IDisposable
{
    private readonly ServiceTraces _traces = new();
    private readonly TransferTestPeer _peer = new($"HB{Random.Shared.Next(100_000, 999_999)}");
    private int _heartbeats;
    private volatile bool _forgotten;

    private string Id => _peer.Options.Id;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Answered_heartbeats_leave_no_span_a_forgotten_one_is_traced_with_its_re_registration()
    {
        await using var maestro = await StartMaestroAsync();
        var registrar = Registrar(maestro.Url);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await registrar.HeartbeatAsync(Token));
        }
        Assert.Equal(3, Volatile.Read(ref _heartbeats));
        Assert.DoesNotContain(_traces.Log.Snapshot(), IsOfMyHeartbeat);
        Assert.DoesNotContain(Mine(), a => a.DisplayName.Contains("heartbeat", StringComparison.Ordinal));

        _forgotten = true;
        Assert.True(await registrar.HeartbeatAsync(Token));

        var failed = Assert.Single(Mine(), a => a.DisplayName == "PUT /peers/{id}/heartbeat");
        Assert.Equal(ActivityKind.Client, failed.Kind);
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        var trace = _traces.Log.Snapshot().Where(a => a.TraceId == failed.TraceId).ToList();
        var reregistration = Assert.Single(trace, a => a.DisplayName == $"re-register {Id}");
        Assert.Equal(failed.SpanId, reregistration.ParentSpanId);
        var register = Assert.Single(trace, a => a.Kind == ActivityKind.Client && a.DisplayName == "POST /register");
        Assert.Equal(reregistration.SpanId, register.ParentSpanId);
        // The name carries the method: the dashboard would show the span as "HTTP POST 200" if the attribute were there.
        Assert.Equal("/register", register.GetTagItem("url.template"));
        Assert.Null(register.GetTagItem("http.request.method"));
        // The server's span ends after its response is sent, so the client may have its answer first.
        await Eventually.ReturnsAsync(
            _ => Task.FromResult(_traces.Log.Snapshot()),
            spans => spans.Any(a => a.TraceId == failed.TraceId && a.Kind == ActivityKind.Server && a.DisplayName == "POST /register"),
            TimeSpan.FromSeconds(10), "the Maestro's POST /register span in the re-registration's trace");
        // The Maestro's side of every heartbeat, the forgotten one included, stays out of the traces.
        Assert.DoesNotContain(_traces.Log.Snapshot(), a => a.Kind == ActivityKind.Server && IsOfMyHeartbeat(a));
    }

    [Fact]
    public async Task A_heartbeat_the_Maestro_cannot_answer_is_an_error_span()
    {
        var registrar = Registrar("http://127.0.0.1:9");

        Assert.False(await registrar.HeartbeatAsync(Token));

        var failed = Assert.Single(Mine(), a => a.DisplayName == "PUT /peers/{id}/heartbeat");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("failed", failed.GetTagItem("p2p.result"));
        Assert.DoesNotContain(Mine(), a => a.DisplayName.StartsWith("re-register", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _traces.Dispose();
        _peer.Dispose();
    }

    /// <summary>This test's spans: those of its peer id (tests alongside trace other peers into the same listeners).</summary>
    private List<Activity> Mine() =>
        _traces.Log.Snapshot().Where(a => Equals(a.GetTagItem("p2p.peer.id"), Id) || a.DisplayName.EndsWith(Id, StringComparison.Ordinal)).ToList();

    /// <summary>An HTTP span (client or server) of one of this test's heartbeats.</summary>
    private bool IsOfMyHeartbeat(Activity span) =>
        $"{span.GetTagItem("url.full")} {span.GetTagItem("url.path")}".Contains($"/peers/{Id}/heartbeat", StringComparison.Ordinal);

    private MaestroRegistrar Registrar(string maestroUrl)
    {
        var options = Options.Create(_peer.Options);
        var client = new MaestroClient(new HttpClient { BaseAddress = new Uri(maestroUrl) }, NullLogger<MaestroClient>.Instance);
        return new MaestroRegistrar(
            _peer.Catalog, client, new LeaseStore(_peer.Folder), new RegistrationState(), _peer.RegistrationTelemetry, options, TimeProvider.System,
            NullLogger<MaestroRegistrar>.Instance);
    }

    /// <summary>A Maestro that keeps the peer alive until <see cref="_forgotten"/>, then answers 404 as after a restart, and accepts registrations.</summary>
    private Task<LoopbackServer> StartMaestroAsync() =>
        LoopbackServer.StartAsync(HttpProtocols.Http1, services => services.AddRouting(), app =>
        {
            app.MapPut("/peers/{id}/heartbeat", () =>
            {
                Interlocked.Increment(ref _heartbeats);
                return _forgotten ? Results.NotFound() : Results.NoContent();
            });
            app.MapPost("/register", () => Results.Text($$"""{"id":"{{Id}}","file_count":0,"peer_ttl_seconds":15,"lease_token":"t1"}""", "application/json"));
        }, Token);
}
