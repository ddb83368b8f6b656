using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;
using P2P.Peer.Registration;

namespace P2P.Tests.Unit;

/// <summary>The catalog announces its changes and registration listens: each change reaches the Maestro once.</summary>
public sealed class CatalogChangeListenerTests : IDisposable
{
    private const string Accepted = """{"id":"P1","file_count":0,"peer_ttl_seconds":15,"lease_token":"t1"}""";

    private readonly TransferTestPeer _peer = new("P1");
    private readonly RegistrationState _state = new();
    // The names each registration sent, comma-separated.
    private readonly ConcurrentQueue<string[]> _registered = new();
    private readonly MaestroRegistrar _registrar;

    public CatalogChangeListenerTests()
    {
        _registrar = new MaestroRegistrar(_peer.Catalog, MaestroAnswerTests.Client(Answer), new LeaseStore(_peer.Folder), _state, _peer.RegistrationTelemetry,
            Options.Create(_peer.Options), TimeProvider.System, NullLogger<MaestroRegistrar>.Instance);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_catalog_already_registered_is_not_sent_again_and_a_changed_one_is()
    {
        await _peer.Catalog.RescanAsync(Token);
        Assert.True(await _registrar.RegisterAsync(Token));

        Assert.True(await _registrar.RegisterIfStaleAsync(Token));
        Assert.Single(_registered);

        await _peer.ShareAsync("a.txt", "alpha"u8.ToArray(), Token);
        Assert.True(await _registrar.RegisterIfStaleAsync(Token));
        Assert.Equal(2, _registered.Count);
        Assert.Contains("a.txt", _registered.Last());
    }

    [Fact]
    public async Task Each_change_the_catalog_announces_is_registered_without_waiting_for_the_heartbeat()
    {
        using var listener = new CatalogChangeListener(_peer.Catalog, _registrar, _state, new HeartbeatSwitch(), NullLogger<CatalogChangeListener>.Instance);
        await listener.StartAsync(Token);

        await _peer.ShareAsync("a.txt", "alpha"u8.ToArray(), Token);
        await RegisteredAsync("a.txt");
        await _peer.ShareAsync("b.txt", "beta"u8.ToArray(), Token);
        await RegisteredAsync("b.txt");

        await listener.StopAsync(Token);
    }

    public void Dispose() => _peer.Dispose();

    private HttpResponseMessage Answer(HttpRequestMessage request)
    {
        if (request.Method == HttpMethod.Post)
        {
            var registration = (PeerRegistration)((JsonContent)request.Content!).Value!;
            _registered.Enqueue(registration.Files.Select(f => f.Name).ToArray());
        }
        return CannedHandler.Json(Accepted);
    }

    private Task RegisteredAsync(string file) =>
        Eventually.ReturnsAsync(
            _ => Task.FromResult(_registered.LastOrDefault() ?? []), names => names.Contains(file), TimeSpan.FromSeconds(10), $"{file} registered");
}
