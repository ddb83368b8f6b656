using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using P2P.Connections;
using P2P.Contracts;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Contracts.Security;
using P2P.Contracts.Transfer.V1;
using P2P.Hosting.Membership;
using P2P.Hosting.Security;
using P2P.Peer.Downloads;
using P2P.Peer.Files;
using P2P.Peer.Registration;

namespace P2P.Tests.Integration;

/// <summary>
/// Membership, the control token and the leases: who may change the directory (a proven member, on the TLS port only),
/// control a peer or the Maestro (its operator, with the control token) and upload (a proven member).
/// </summary>
[Collection(SharedNetwork.Name)]
public sealed class AccessTests(AppHostFixture network) : IDisposable
{
    private const string WrongKey = "not-the-network-key-at-all";
    private const string WrongToken = ControlRequests.WrongToken;
    private readonly HttpClient _maestro = network.Client("maestro");
    private readonly HttpClient _peer1 = network.Client("peer1");
    private readonly PeerChannels _strangers = new(TestMembers.Holding(WrongKey), TimeProvider.System);
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registering_on_the_plain_port_or_without_proving_the_key_is_refused_and_the_intruder_never_shows_up()
    {
        var intruder = Registration("X9", "intruder.txt");

        using var plain = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, lease: null, intruder, _maestro);
        using var heartbeat = await SendAsync(HttpMethod.Put, MaestroRoutes.Heartbeat("P1"), lease: null, to: _maestro);
        using var delete = await SendAsync(HttpMethod.Delete, MaestroRoutes.Peer("P1"), lease: null, to: _maestro);
        var stranger = await Assert.ThrowsAsync<MembershipException>(
            () => SendAsync(HttpMethod.Post, MaestroRoutes.Register, lease: null, intruder, Stranger()));

        foreach (var response in new[] { plain, heartbeat, delete })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal(MembershipGate.MembersOnlyDetail, problem.GetProperty("detail").GetString());
        }
        Assert.Contains("refused this node's membership proof", stranger.Message);
        using var located = await _maestro.GetAsync(MaestroRoutes.LocateFile("intruder.txt"), _token);
        await located.AssertProblemAsync(HttpStatusCode.NotFound);
        var peers = await _maestro.GetJsonAsync<List<PeerSummary>>(MaestroRoutes.Peers);
        Assert.DoesNotContain(peers, p => p.Id == "X9");
        Assert.Contains(peers, p => p.Id == "P1");
    }

    [Fact]
    public async Task A_member_cannot_take_over_another_peers_entry()
    {
        var hijack = Registration("P1", "hijacked.txt");

        using var register = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, lease: null, hijack);
        using var guessedLease = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, new string('0', 64), hijack);
        using var heartbeat = await SendAsync(HttpMethod.Put, MaestroRoutes.Heartbeat("P1"), lease: null);
        using var delete = await SendAsync(HttpMethod.Delete, MaestroRoutes.Peer("P1"), "stolen");

        foreach (var response in new[] { register, guessedLease, heartbeat, delete })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Contains(PeerLease.HeaderName, problem.GetProperty("detail").GetString());
        }
        using var hijacked = await _maestro.GetAsync(MaestroRoutes.LocateFile("hijacked.txt"), _token);
        await hijacked.AssertProblemAsync(HttpStatusCode.NotFound);
        var p1 = await _maestro.GetJsonAsync<PeerSummary>(MaestroRoutes.Peer("P1"));
        Assert.Equal(network.Endpoint("peer1", "http").ToString().TrimEnd('/'), p1.RestUrl.TrimEnd('/'));
        var shared = await _maestro.GetJsonAsync<LocateResponse>(MaestroRoutes.LocateFile(SampleFiles.Shared));
        Assert.Contains(shared.Peers, p => p.Id == "P1");
    }

    [Fact]
    public async Task A_new_member_registers_heartbeats_and_leaves_with_its_lease_and_is_listed_with_its_fingerprint()
    {
        var name = $"z-{Guid.NewGuid():N}.txt";

        using var registered = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, lease: null, Registration("Z7", name));
        var accepted = await registered.ReadJsonAsync<RegistrationAccepted>();
        Assert.Matches("^[0-9a-f]{64}$", accepted.LeaseToken);
        var location = (await _maestro.GetJsonAsync<LocateResponse>(MaestroRoutes.LocateFile(name))).Peers.Single();
        Assert.Equal("Z7", location.Id);
        Assert.True(Fingerprint.IsValid(location.Fingerprint));

        using var heartbeat = await SendAsync(HttpMethod.Put, MaestroRoutes.Heartbeat("Z7"), accepted.LeaseToken);
        using var again = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, accepted.LeaseToken, Registration("Z7", name));
        using var delete = await SendAsync(HttpMethod.Delete, MaestroRoutes.Peer("Z7"), accepted.LeaseToken);

        Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        Assert.Equal(accepted.LeaseToken, (await again.ReadJsonAsync<RegistrationAccepted>()).LeaseToken);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var gone = await _maestro.GetAsync(MaestroRoutes.LocateFile(name), _token);
        await gone.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_upload_from_a_party_without_the_key_never_reaches_the_peer_and_stores_nothing()
    {
        var bytes = Encoding.UTF8.GetBytes("bytes nobody asked for");
        var header = new UploadHeader
        {
            FileName = $"unwanted-{Guid.NewGuid():N}.txt", Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };

        var stranger = await Assert.ThrowsAsync<RpcException>(() =>
            UploadClient.UploadAsync(new FileTransfer.FileTransferClient(_strangers.For(network.TlsUrl("peer2"))), header, bytes, _token));

        Assert.Contains("refused this node's membership proof", stranger.Status.Detail);
        Assert.False(File.Exists(Path.Combine(network.SharedDir("peer2"), header.FileName)));
        var stored = await UploadClient.UploadAsync(new FileTransfer.FileTransferClient(network.Grpc("peer2")), header, bytes, _token);
        Assert.Equal(header.Sha256, stored.Sha256);
    }

    [Fact]
    public async Task Neither_the_key_nor_the_control_token_appears_in_any_resources_logs()
    {
        await Assert.ThrowsAsync<MembershipException>(
            () => SendAsync(HttpMethod.Post, MaestroRoutes.Register, lease: null, Registration("X8", "x8.txt"), Stranger()));
        using var accepted = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, lease: null, Registration("Z8", "z8.txt"));
        using var control = await ControlAsync(HttpMethod.Post, "/downloads", WrongToken, new { file = "x8.txt" });
        Assert.Equal(HttpStatusCode.Unauthorized, control.StatusCode);
        accepted.EnsureSuccessStatusCode();

        foreach (var resource in AppHostFixture.PeerNames.Prepend("maestro"))
        {
            // Each service logs its registrations, so a read that found nothing cannot pass for a clean one.
            var expected = resource == "maestro" ? "Peer Z8 registered" : "Registered with the Maestro";
            var logs = await Eventually.ReturnsAsync(
                ct => network.LogsOfAsync(resource, ct), text => text.Contains(expected), TimeSpan.FromSeconds(30), $"{resource} logged '{expected}'");
            Assert.DoesNotContain(network.NetworkKey, logs);
            Assert.DoesNotContain(network.ControlToken, logs);
            Assert.DoesNotContain(WrongKey, logs);
            Assert.DoesNotContain(WrongToken, logs);
        }
        var lease = (await accepted.ReadJsonAsync<RegistrationAccepted>()).LeaseToken;
        using var leave = await SendAsync(HttpMethod.Delete, MaestroRoutes.Peer("Z8"), lease);
        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
    }

    public void Dispose() => _strangers.Dispose();

    private static PeerRegistration Registration(string id, string file) =>
        new(id, $"http://{id.ToLowerInvariant()}.invalid:8000", $"https://{id.ToLowerInvariant()}.invalid:50051",
            [new SharedFileEntry(file, 3, SampleFiles.Sha256("abc"))]);

    private HttpMessageInvoker Stranger() => _strangers.Invoker(network.TlsUrl("maestro"));

    /// <summary>Sends to the Maestro's TLS port as a proven member, unless <paramref name="to"/> names another way in.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? lease, object? body = null, HttpMessageInvoker? to = null)
    {
        var tls = network.TlsUrl("maestro");
        using var request = new HttpRequestMessage(method, to is HttpClient ? new Uri(path, UriKind.Relative) : new Uri(new Uri(tls), path));
        if (lease is not null)
        {
            request.Headers.Add(PeerLease.HeaderName, lease);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: SnakeCaseJson.Options);
        }
        using var member = network.Members.Invoker(tls);
        return to is HttpClient client ? await client.SendAsync(request, _token) : await (to ?? member).SendAsync(request, _token);
    }

    private Task<HttpResponseMessage> ControlAsync(HttpMethod method, string path, string? token, object? body = null) =>
        network.ControlAsync(method, path, token, _token, body);
}
