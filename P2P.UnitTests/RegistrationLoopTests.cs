using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P2P.Peer.Registration;

namespace P2P.Tests.Unit;

/// <summary>The registration loop against a Maestro that lies or breaks: every round may fail, the loop never ends.</summary>
public sealed class RegistrationLoopTests : IAsyncDisposable
{
    private const string Accepted = """{"id":"P1","file_count":0,"peer_ttl_seconds":15,"lease_token":"t1"}""";
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(20);

    private readonly TransferTestPeer _peer = new("P1");
    private readonly RegistrationState _state = new();
    private readonly HeartbeatSwitch _heartbeats = new();
    private RegistrationService? _service;
    private int _registrations;

    public RegistrationLoopTests()
    {
        _peer.Options.HeartbeatSeconds = 1;
    }

    [Fact]
    public async Task Null_answers_to_registrations_are_failed_rounds_and_the_loop_registers_once_the_Maestro_answers()
    {
        await StartAsync(request => Registration(request) is var n && n <= 2 ? CannedHandler.Json("null") : Answer(request));

        await RegisteredAsync();

        Assert.True(Volatile.Read(ref _registrations) >= 3);
        Assert.False(_service!.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task A_null_answer_to_the_registration_a_heartbeat_asks_for_is_a_failed_round_and_the_loop_goes_on()
    {
        var heartbeats = 0;
        await StartAsync(request => request.Method == HttpMethod.Put
            ? new HttpResponseMessage(Interlocked.Increment(ref heartbeats) == 1 ? HttpStatusCode.NotFound : HttpStatusCode.NoContent)
            : Registration(request) == 2 ? CannedHandler.Json("null") : Answer(request));

        await Eventually.ReturnsAsync(_ => Task.FromResult(Volatile.Read(ref heartbeats)), n => n >= 2, s_within, "a heartbeat after the lost registration");

        Assert.True(Volatile.Read(ref _registrations) >= 3);
        Assert.True(_state.IsRegistered);
        Assert.False(_service!.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task An_exception_no_rule_foresaw_is_a_failed_round_the_health_check_reports_and_the_loop_goes_on()
    {
        // Three failures in a row keep the peer unregistered for about 1.75 s of backoff: time to read the health check.
        await StartAsync(request => Registration(request) is > 0 and <= 3 ? throw new InvalidOperationException("unforeseen") : Answer(request));

        var health = await Eventually.ReturnsAsync(
            token => new RegistrationHealthCheck(_state).CheckHealthAsync(new HealthCheckContext(), token),
            h => h.Description?.Contains("unforeseen") == true, s_within, "the failure reported");
        await RegisteredAsync();

        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.False(_service!.ExecuteTask!.IsCompleted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.StopAsync(CancellationToken.None);
            _service.Dispose();
        }
        _peer.Dispose();
    }

    private int Registration(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post ? Interlocked.Increment(ref _registrations) : 0;

    private static HttpResponseMessage Answer(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post ? CannedHandler.Json(Accepted) : new HttpResponseMessage(HttpStatusCode.NoContent);

    private async Task StartAsync(Func<HttpRequestMessage, HttpResponseMessage> maestro)
    {
        var options = Options.Create(_peer.Options);
        var registrar = new MaestroRegistrar(
            _peer.Catalog, MaestroAnswerTests.Client(maestro), new LeaseStore(_peer.Folder), _state, _peer.RegistrationTelemetry, options, TimeProvider.System,
            NullLogger<MaestroRegistrar>.Instance);
        _service = new RegistrationService(
            _peer.Catalog, registrar, _state, _heartbeats, options, TimeProvider.System, NullLogger<RegistrationService>.Instance);
        await _service.StartAsync(TestContext.Current.CancellationToken);
    }

    private Task RegisteredAsync() =>
        Eventually.ReturnsAsync(_ => Task.FromResult(_state.IsRegistered), registered => registered, s_within, "registered with the Maestro");
}
