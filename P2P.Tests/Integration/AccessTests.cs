using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using P2P.Contracts;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Contracts.Security;
using P2P.Contracts.Transfer.V1;
using P2P.Hosting.Security;
using P2P.Peer.Downloads;
using P2P.Peer.Files;
using P2P.Peer.Registration;

namespace P2P.Tests.Integration;

/// <summary>The network key and the leases: who may change the directory, control a peer, and upload.</summary>
[Collection(SharedNetwork.Name)]
public sealed class AccessTests(AppHostFixture network)
{
    private const string WrongKey = "not-the-network-key-at-all";
    private readonly HttpClient _maestro = network.Client("maestro");
    private readonly HttpClient _peer1 = network.Client("peer1");
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registering_without_the_key_is_401_and_the_intruder_never_shows_up()
    {
        var intruder = Registration("X9", "intruder.txt");

        using var noKey = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, key: null, lease: null, intruder);
        using var wrongKey = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, WrongKey, lease: null, intruder);
        using var heartbeat = await SendAsync(HttpMethod.Put, MaestroRoutes.Heartbeat("P1"), key: null, lease: null);
        using var delete = await SendAsync(HttpMethod.Delete, MaestroRoutes.Peer("P1"), WrongKey, lease: null);

        foreach (var response in new[] { noKey, wrongKey, heartbeat, delete })
        {
            var problem = (await response.AssertProblemAsync(HttpStatusCode.Unauthorized)).GetRawText();
            Assert.Contains(NetworkKey.HeaderName, response.Headers.WwwAuthenticate.ToString());
            Assert.DoesNotContain(network.NetworkKey, problem);
            Assert.DoesNotContain(WrongKey, problem);
        }
        using var located = await _maestro.GetAsync(MaestroRoutes.LocateFile("intruder.txt"), _token);
        await located.AssertProblemAsync(HttpStatusCode.NotFound);
        var peers = await _maestro.GetJsonAsync<List<PeerSummary>>(MaestroRoutes.Peers);
        Assert.DoesNotContain(peers, p => p.Id == "X9");
        Assert.Contains(peers, p => p.Id == "P1");
    }

    [Fact]
    public async Task A_key_holder_cannot_take_over_another_peers_entry()
    {
        var hijack = Registration("P1", "hijacked.txt");

        using var register = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, network.NetworkKey, lease: null, hijack);
        using var guessedLease = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, network.NetworkKey, new string('0', 64), hijack);
        using var heartbeat = await SendAsync(HttpMethod.Put, MaestroRoutes.Heartbeat("P1"), network.NetworkKey, lease: null);
        using var delete = await SendAsync(HttpMethod.Delete, MaestroRoutes.Peer("P1"), network.NetworkKey, "stolen");

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
    public async Task A_new_peer_with_the_key_registers_heartbeats_and_leaves_with_its_lease()
    {
        var name = $"z-{Guid.NewGuid():N}.txt";

        using var registered = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, network.NetworkKey, lease: null, Registration("Z7", name));
        var accepted = await registered.ReadJsonAsync<RegistrationAccepted>();
        Assert.Matches("^[0-9a-f]{64}$", accepted.LeaseToken);
        Assert.Equal("Z7", (await _maestro.GetJsonAsync<LocateResponse>(MaestroRoutes.LocateFile(name))).Peers.Single().Id);

        using var heartbeat = await SendAsync(HttpMethod.Put, MaestroRoutes.Heartbeat("Z7"), network.NetworkKey, accepted.LeaseToken);
        using var again = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, network.NetworkKey, accepted.LeaseToken, Registration("Z7", name));
        using var delete = await SendAsync(HttpMethod.Delete, MaestroRoutes.Peer("Z7"), network.NetworkKey, accepted.LeaseToken);

        Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
        Assert.Equal(accepted.LeaseToken, (await again.ReadJsonAsync<RegistrationAccepted>()).LeaseToken);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var gone = await _maestro.GetAsync(MaestroRoutes.LocateFile(name), _token);
        await gone.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_upload_without_the_key_is_Unauthenticated_and_stores_nothing()
    {
        using var channel = GrpcChannel.ForAddress(network.Endpoint("peer2", "grpc"));
        var client = new FileTransfer.FileTransferClient(channel);
        var bytes = Encoding.UTF8.GetBytes("bytes nobody asked for");
        var header = new UploadHeader { FileName = $"unwanted-{Guid.NewGuid():N}.txt", Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) };

        var noKey = await Assert.ThrowsAsync<RpcException>(() => UploadClient.UploadAsync(client, header, bytes, networkKey: null, _token));
        var wrongKey = await Assert.ThrowsAsync<RpcException>(() => UploadClient.UploadAsync(client, header, bytes, WrongKey, _token));

        Assert.Equal(StatusCode.Unauthenticated, noKey.StatusCode);
        Assert.Contains(NetworkKey.MetadataKey, noKey.Status.Detail);
        Assert.Equal(StatusCode.Unauthenticated, wrongKey.StatusCode);
        Assert.DoesNotContain(WrongKey, wrongKey.Status.Detail);
        Assert.False(File.Exists(Path.Combine(network.SharedDir("peer2"), header.FileName)));
        var stored = await UploadClient.UploadAsync(client, header, bytes, network.NetworkKey, _token);
        Assert.Equal(header.Sha256, stored.Sha256);
    }

    [Fact]
    public async Task A_download_with_sources_of_the_callers_choosing_is_refused_without_the_key_and_never_starts()
    {
        // The attack: anyone who reaches a peer's REST port makes it call a URL of their choosing.
        var attack = new { file = "innocent.txt", sources = new[] { "http://127.0.0.1:1" } };

        using var noKey = await SendAsync(HttpMethod.Post, "/downloads", key: null, lease: null, attack, _peer1);
        using var wrongKey = await SendAsync(HttpMethod.Post, "/downloads", WrongKey, lease: null, attack, _peer1);
        using var invalid = await SendAsync(HttpMethod.Post, "/downloads", key: null, lease: null, new { file = "../../etc/passwd" }, _peer1);

        await AssertRefusedAsync(noKey, NetworkKeyAuthentication.MissingKeyDetail);
        await AssertRefusedAsync(wrongKey, NetworkKeyAuthentication.WrongKeyDetail);
        await AssertRefusedAsync(invalid, NetworkKeyAuthentication.MissingKeyDetail);
        var jobs = await _peer1.GetJsonAsync<List<DownloadStatus>>("/downloads");
        Assert.DoesNotContain(jobs, j => j.File is "innocent.txt" or "../../etc/passwd");
    }

    [Fact]
    public async Task Only_a_key_holder_starts_and_cancels_a_download()
    {
        var bytes = RandomNumberGenerator.GetBytes(2 * ChunkLayout.ChunkSize);
        await using var source = new FakeSourcePeer($"held-{Guid.NewGuid():N}.bin", bytes) { HoldAfter = 0 };
        await source.StartAsync(_token);
        using var member = network.MemberClient("peer1");

        var location = await member.StartAsync(new { file = source.FileName, sources = new[] { source.Url } });
        using var noKey = await SendAsync(HttpMethod.Delete, location.ToString(), key: null, lease: null, to: _peer1);
        using var wrongKey = await SendAsync(HttpMethod.Delete, location.ToString(), WrongKey, lease: null, to: _peer1);

        await AssertRefusedAsync(noKey, NetworkKeyAuthentication.MissingKeyDetail);
        await AssertRefusedAsync(wrongKey, NetworkKeyAuthentication.WrongKeyDetail);
        var running = await _peer1.GetJsonAsync<DownloadStatus>(location.ToString());
        Assert.True(running.State is DownloadState.Queued or DownloadState.Running, $"the refused cancels stopped the download: {running.State}");
        using var cancel = await member.DeleteAsync(location, _token);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(DownloadState.Cancelled, (await member.WaitUntilFinishedAsync(location, TimeSpan.FromSeconds(30))).State);
    }

    [Fact]
    public async Task Refresh_without_the_key_is_refused_and_rescans_nothing()
    {
        const string refusal = "Refused POST /refresh";
        const string scan = "Scanned the shared folder";
        using var peer3 = network.Client("peer3");

        using var noKey = await SendAsync(HttpMethod.Post, PeerRoutes.Refresh, key: null, lease: null, to: peer3);
        using var wrongKey = await SendAsync(HttpMethod.Post, PeerRoutes.Refresh, WrongKey, lease: null, to: peer3);

        await AssertRefusedAsync(noKey, NetworkKeyAuthentication.MissingKeyDetail);
        await AssertRefusedAsync(wrongKey, NetworkKeyAuthentication.WrongKeyDetail);
        // A rescan logs before its answer, so once both refusals are in the log, any scan they caused is there too.
        var logs = await Eventually.ReturnsAsync(ct => network.LogsOfAsync("peer3", ct), text => Occurrences(text, refusal) == 2,
            TimeSpan.FromSeconds(30), "peer3 logged both refusals");
        Assert.DoesNotContain(scan, logs[logs.IndexOf(refusal, StringComparison.Ordinal)..]);
        Assert.DoesNotContain(WrongKey, logs);
        using var member = network.MemberClient("peer3");
        using var refreshed = await member.PostAsync(PeerRoutes.Refresh, content: null, _token);
        Assert.True((await refreshed.ReadJsonAsync<RefreshResult>()).Registered);
    }

    [Fact]
    public async Task Pausing_heartbeats_and_forgetting_peers_without_the_key_are_refused_and_change_nothing()
    {
        using var peer3 = network.Client("peer3");

        using var pause = await SendAsync(HttpMethod.Post, PeerRoutes.PauseHeartbeats, key: null, lease: null, to: peer3);
        using var resume = await SendAsync(HttpMethod.Post, PeerRoutes.ResumeHeartbeats, WrongKey, lease: null, to: peer3);
        using var forget = await SendAsync(HttpMethod.Delete, MaestroRoutes.Peers, WrongKey, lease: null);

        await AssertRefusedAsync(pause, NetworkKeyAuthentication.MissingKeyDetail);
        await AssertRefusedAsync(resume, NetworkKeyAuthentication.WrongKeyDetail);
        await AssertRefusedAsync(forget, NetworkKeyAuthentication.WrongKeyDetail);
        Assert.False((await peer3.GetJsonAsync<P2P.Peer.Status.PeerStatus>("/")).HeartbeatsPaused);
        var peers = await _maestro.GetJsonAsync<List<PeerSummary>>(MaestroRoutes.Peers);
        Assert.Superset(new HashSet<string> { "P1", "P2", "P3" }, peers.Select(p => p.Id).ToHashSet());
    }

    [Fact]
    public async Task The_key_never_appears_in_any_resources_logs()
    {
        using var refused = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, WrongKey, lease: null, Registration("X8", "x8.txt"));
        using var accepted = await SendAsync(HttpMethod.Post, MaestroRoutes.Register, network.NetworkKey, lease: null, Registration("Z8", "z8.txt"));
        using var control = await SendAsync(HttpMethod.Post, "/downloads", WrongKey, lease: null, new { file = "x8.txt" }, _peer1);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, control.StatusCode);
        accepted.EnsureSuccessStatusCode();

        foreach (var resource in AppHostFixture.PeerNames.Prepend("maestro"))
        {
            // Each service logs its registrations, so a read that found nothing cannot pass for a clean one.
            var expected = resource == "maestro" ? "Peer Z8 registered" : "Registered with the Maestro";
            var logs = await Eventually.ReturnsAsync(
                ct => network.LogsOfAsync(resource, ct), text => text.Contains(expected), TimeSpan.FromSeconds(30), $"{resource} logged '{expected}'");
            Assert.DoesNotContain(network.NetworkKey, logs);
            Assert.DoesNotContain(WrongKey, logs);
        }
        var lease = (await accepted.ReadJsonAsync<RegistrationAccepted>()).LeaseToken;
        using var leave = await SendAsync(HttpMethod.Delete, MaestroRoutes.Peer("Z8"), network.NetworkKey, lease);
        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
    }

    private static PeerRegistration Registration(string id, string file) =>
        new(id, $"http://{id.ToLowerInvariant()}.invalid:8000", $"http://{id.ToLowerInvariant()}.invalid:50051",
            [new SharedFileEntry(file, 3, SampleFiles.Sha256("abc"))]);

    private async Task AssertRefusedAsync(HttpResponseMessage response, string detail)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Contains(NetworkKey.HeaderName, response.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain(WrongKey, problem.GetRawText());
    }

    private static int Occurrences(string text, string what) => text.Split(what).Length - 1;

    /// <summary>Sends to the Maestro unless <paramref name="to"/> names another service's client.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? lease, object? body = null, HttpClient? to = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add(NetworkKey.HeaderName, key);
        }
        if (lease is not null)
        {
            request.Headers.Add(PeerLease.HeaderName, lease);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: SnakeCaseJson.Options);
        }
        return await (to ?? _maestro).SendAsync(request, _token);
    }
}
